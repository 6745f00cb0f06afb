/**
 * generator/ is grouped by phase, in pipeline order: core → source → model → emit → output →
 * generate.ts (the pipeline) → cli → the entry points. A file may import only from its own phase
 * or an earlier one, so each folder can be read knowing only the folders before it.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importGraph, type ImportGraph } from "./importGraph.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ORDER = ["core", "source", "model", "emit", "output", "generate", "cli", "entry"] as const;
type Phase = (typeof ORDER)[number];

/** A generator file's phase: its folder, or for the top-level files, what they are. */
export function phaseOf(file: string): Phase {
  const relative = path.posix.relative("generator", file);
  if (relative === "generate.ts") return "generate";
  if (!relative.includes("/")) return "entry"; // cli.ts, index.ts
  const phase = ORDER.find((p) => p === relative.split("/")[0]);
  if (!phase) throw new Error(`${file} is in no known phase folder`);
  return phase;
}

/** Every import that runs from an earlier phase into a later one, as "from (phase) → to (phase)". */
export function backwardImports(graph: ImportGraph): string[] {
  const problems = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (!to.startsWith("generator/")) continue; // templates/runtime: outside the pipeline
      if (ORDER.indexOf(phaseOf(to)) > ORDER.indexOf(phaseOf(from)))
        problems.push(`${from} (${phaseOf(from)}) → ${to} (${phaseOf(to)})`);
    }
  }
  return problems;
}

describe("generator/ layout", () => {
  it("given/want: the phase of a path", () => {
    expect(phaseOf("generator/core/errors.ts")).toBe("core");
    expect(phaseOf("generator/source/fetch/http.ts")).toBe("source");
    expect(phaseOf("generator/generate.ts")).toBe("generate");
    expect(phaseOf("generator/cli.ts")).toBe("entry");
    expect(() => phaseOf("generator/misc/x.ts")).toThrow(/no known phase/);
  });

  it("given/want: backward imports are found, forward ones and the runtime are not", () => {
    const graph: ImportGraph = new Map([
      ["generator/source/fetch/shapes.ts", ["generator/model/normalize.ts"]],
      ["generator/emit/gate.ts", ["generator/core/errors.ts", "generator/output/cache.ts"]],
      ["generator/output/plan.ts", ["generator/emit/emitModule.ts"]],
      ["generator/core/escape.ts", ["templates/runtime/unsafeChars.ts"]],
    ]);
    expect(backwardImports(graph)).toEqual([
      "generator/source/fetch/shapes.ts (source) → generator/model/normalize.ts (model)",
      "generator/emit/gate.ts (emit) → generator/output/cache.ts (output)",
    ]);
  });

  it("every generator file is in a phase folder and imports only from its phase or earlier ones", () => {
    const graph = importGraph(root, ["generator"]);
    expect(graph.size).toBeGreaterThan(40);
    expect(backwardImports(graph)).toEqual([]);
  });
});
