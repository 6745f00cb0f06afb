import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCycles, importGraph, specifiers, tsFilesUnder } from "./importGraph.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("import graph helpers", () => {
  const cases: Array<{ name: string; given: Record<string, string[]>; want: string[] }> = [
    { name: "no edges", given: { "a.ts": [], "b.ts": [] }, want: [] },
    { name: "chain", given: { "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": [] }, want: [] },
    { name: "pair", given: { "a.ts": ["b.ts"], "b.ts": ["a.ts"] }, want: ["a.ts → b.ts → a.ts"] },
    { name: "self", given: { "a.ts": ["a.ts"] }, want: ["a.ts → a.ts"] },
    {
      name: "three, entered from outside",
      given: { "x.ts": ["b.ts"], "a.ts": ["b.ts"], "b.ts": ["c.ts"], "c.ts": ["a.ts"] },
      want: ["a.ts → b.ts → c.ts → a.ts"],
    },
    { name: "edge out of the graph", given: { "a.ts": ["elsewhere.ts"] }, want: [] },
  ];
  it.each(cases)("findCycles: $name", ({ given, want }) => {
    expect(findCycles(new Map(Object.entries(given)))).toEqual(want);
  });

  it("reads static, type-only, re-export and literal dynamic imports", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type {\n  B,\n} from "./b.js";',
      'export { c } from "./c.js";',
      'export * from "./d.js";',
      'const e = () => import("./e.js");',
      "const s = \"import x from './not-an-import.js'\";",
    ].join("\n");
    expect(specifiers(text)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js"]);
  });
});

describe("architecture", () => {
  const dirs = ["templates/runtime", "emulator", "bench", "generator"];
  const graph = importGraph(root, dirs);

  it.each(dirs)("%s has .ts files to check", (dir) => {
    expect([...graph.keys()].filter((f) => f.startsWith(`${dir}/`)).length).toBeGreaterThan(3);
  });

  it("has no import cycle in templates/runtime, emulator, bench or generator", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("templates/runtime imports only itself, undici and node: builtins", () => {
    const wrong: string[] = [];
    for (const file of tsFilesUnder(root, "templates/runtime")) {
      for (const spec of specifiers(readFileSync(path.join(root, file), "utf8"))) {
        const target = spec.startsWith(".")
          ? path.posix.join(path.posix.dirname(file), spec)
          : spec;
        const allowed = spec.startsWith(".")
          ? target.startsWith("templates/runtime/")
          : spec === "undici" || spec.startsWith("node:");
        if (!allowed) wrong.push(`${file} → ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
