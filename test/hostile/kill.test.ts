// A generation killed with SIGKILL at several points (startup, stage created, stage half written,
// during the swap, and at fractions of a full run) leaves the output directory byte-identical to
// before (or, killed between the two renames of the swap, the previous output intact aside, which
// the next run puts back); the next run cleans up and produces exactly a fresh generation.
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, watch } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeSyntheticCatalog, writeSyntheticSnapshot } from "../fixtures/synthetic.js";
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

const isEqual = (a: Map<string, string>, b: Map<string, string>) =>
  JSON.stringify([...a]) === JSON.stringify([...b]);

/** A complete generation of the snapshot now in `<out>/schemas`, made in a separate directory. */
async function freshGeneration(): Promise<Map<string, string>> {
  const reference = path.join(dir, "reference");
  rmSync(reference, { recursive: true, force: true });
  cpSync(path.join(out, "schemas"), path.join(reference, "schemas"), { recursive: true });
  await runToEnd(reference);
  return hashTree(reference);
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
    writeSnapshot(2);
    const fullMs = await runToEnd(out); // a run that rewrites every module: the timing reference

    const seen: string[] = [];
    let seed = 3;
    let midWrite = 0;
    // A loaded machine may deliver a watch event late; a second round makes a mid-write kill near certain.
    for (let round = 1; round <= 2 && midWrite === 0; round++) {
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

        let outcome: string;
        if (signal === "SIGKILL" && !existsSync(out)) {
          // Killed between the two renames: the previous output is intact aside; the next run restores it.
          const aside = siblings(ASIDE);
          expect(aside, label).toHaveLength(1);
          expect(hashTree(path.join(dir, aside[0]!)), label).toEqual(before);
          outcome = "killed mid-swap: previous output intact aside";
        } else if (signal === "SIGKILL" && isEqual(hashTree(out), before)) {
          outcome = stageAtKill ? "killed mid-write: output unchanged" : "killed: output unchanged";
          if (stageAtKill) midWrite++;
        } else {
          // The run passed its commit point (the second rename) before the kill landed, or completed:
          // then the output must be exactly the complete new generation, never a mix.
          expect(signal === "SIGKILL" || code === 0, label).toBe(true);
          expect(hashTree(out), label).toEqual(await freshGeneration());
          outcome = signal
            ? "killed after the swap: output complete and new"
            : "completed before the kill";
        }
        seen.push(`${label}: ${outcome}`);
      }
    }
    console.log(`kill points:\n  ${seen.join("\n  ")}`);
    expect(midWrite).toBeGreaterThanOrEqual(1);

    // The next run recovers and cleans up, and its output equals a fresh generation elsewhere.
    await runToEnd(out);
    expect(siblings(STAGE)).toEqual([]);
    expect(siblings(ASIDE)).toEqual([]);
    expect(hashTree(out)).toEqual(await freshGeneration());
  }, 300_000);
});
