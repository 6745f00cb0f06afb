// A generation killed with SIGKILL at several points (startup, stage created, stage half written,
// during the swap, and at fractions of a full run) leaves the output directory byte-identical to
// before (or, killed between the two renames of the swap, the previous output intact aside, which
// the next run puts back); the next run cleans up and produces exactly a fresh generation.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, watch } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeSyntheticCatalog, writeSyntheticSnapshot } from "../../bench/synthetic.js";
import { CLI, hashTree, scratchDir } from "./helpers.js";

const SIZE = { apps: 12, actionsPerApp: 6 };
const STAGE = ".refold-gen-stage-";
const ASIDE = ".refold-gen-previous-";

const dir = scratchDir("kill");
const out = path.join(dir, "generated");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(target: string): ChildProcess {
  // cwd is the scratch dir, so no refold.config.ts of the repo is picked up.
  return spawn(
    process.execPath,
    [CLI, "generate", "--out", target, "--offline", "--no-cache", "--silent"],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
}

async function runToEnd(target: string): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await exited(run(target));
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return performance.now() - started;
}

/** Replace the snapshot in `<out>/schemas` by another seed's catalog, so the next run changes every module. */
function writeSnapshot(seed: number): void {
  const schemas = path.join(out, "schemas");
  rmSync(schemas, { recursive: true, force: true });
  writeSyntheticSnapshot(schemas, makeSyntheticCatalog({ ...SIZE, seed }));
}

const siblings = (prefix: string) => readdirSync(dir).filter((n) => n.startsWith(prefix));
const countFiles = (d: string) => {
  try {
    return readdirSync(d, { recursive: true }).length;
  } catch {
    return 0;
  }
};

type Trigger = (child: ChildProcess, kill: () => void, fullMs: number) => () => void;

/** Kill points. Each returns a cleanup for its watchers and timers. */
const TRIGGERS: [string, Trigger][] = [
  [
    "during startup (before any output work)",
    (_c, kill) => {
      const t = setTimeout(kill, 150);
      return () => clearTimeout(t);
    },
  ],
  [
    "as soon as the stage directory appears",
    (_c, kill) => {
      const w = watch(dir, (_e, name) => {
        if (name?.startsWith(STAGE)) kill();
      });
      return () => w.close();
    },
  ],
  [
    "with the stage half written",
    (_c, kill) => {
      const t = setInterval(() => {
        const stage = siblings(STAGE)[0];
        if (stage && countFiles(path.join(dir, stage)) >= 20) kill();
      }, 2);
      return () => clearInterval(t);
    },
  ],
  [
    "when the previous output is moved aside (mid-swap)",
    (_c, kill) => {
      const w = watch(dir, (_e, name) => {
        if (name?.startsWith(ASIDE)) kill();
      });
      return () => w.close();
    },
  ],
  [
    "at 60% of a full run",
    (_c, kill, fullMs) => {
      const t = setTimeout(kill, fullMs * 0.6);
      return () => clearTimeout(t);
    },
  ],
  [
    "at 85% of a full run",
    (_c, kill, fullMs) => {
      const t = setTimeout(kill, fullMs * 0.85);
      return () => clearTimeout(t);
    },
  ],
];

describe("kill test: SIGKILL mid-generation", () => {
  it("leaves the output byte-identical at every kill point, and the next run cleans up", async () => {
    writeSnapshot(1);
    await runToEnd(out);
    let modulesSeed = 1;
    writeSnapshot(2);
    const fullMs = await runToEnd(out); // a run that rewrites every module: the timing reference
    modulesSeed = 2;

    const seen: string[] = [];
    let seed = 3;
    for (const [label, trigger] of TRIGGERS) {
      if (existsSync(out)) writeSnapshot(seed++);
      const before = existsSync(out)
        ? hashTree(out)
        : hashTree(path.join(dir, siblings(ASIDE)[0]!));
      const child = run(out);
      const done = exited(child);
      let stageAtKill = false;
      const kill = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        stageAtKill = siblings(STAGE).length > 0;
        child.kill("SIGKILL");
      };
      const cleanup = trigger(child, kill, fullMs);
      const { code, signal } = await done;
      cleanup();

      if (signal === "SIGKILL") {
        seen.push(`${label}: killed${stageAtKill ? " mid-write" : ""}`);
        if (existsSync(out)) {
          expect(hashTree(out), label).toEqual(before);
        } else {
          // Killed between the two renames: the previous output is intact aside; the next run restores it.
          const aside = siblings(ASIDE);
          expect(aside, label).toHaveLength(1);
          expect(hashTree(path.join(dir, aside[0]!)), label).toEqual(before);
        }
      } else {
        // The run won the race and completed: then the output is the complete new generation.
        seen.push(`${label}: completed before the kill`);
        expect(code, label).toBe(0);
        modulesSeed = seed - 1;
        expect(siblings(STAGE).concat(siblings(ASIDE)), label).toEqual([]);
      }
    }
    console.log(`kill points (modules from seed ${modulesSeed}):\n  ${seen.join("\n  ")}`);
    expect(seen.filter((s) => s.includes("mid-write")).length).toBeGreaterThanOrEqual(1);

    // The next run recovers and cleans up, and its output equals a fresh generation elsewhere.
    await runToEnd(out);
    expect(siblings(STAGE)).toEqual([]);
    expect(siblings(ASIDE)).toEqual([]);
    const reference = path.join(dir, "reference");
    cpSync(path.join(out, "schemas"), path.join(reference, "schemas"), { recursive: true });
    await runToEnd(reference);
    expect(hashTree(out)).toEqual(hashTree(reference));
  }, 300_000);
});
