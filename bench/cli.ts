/** Running `refold-gen generate` as a measured child and reading its summary line. */
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT, check, measureNode } from "./measure.js";

const CLI = path.join(ROOT, "bin/refold-gen.js");

export interface CliSummary {
  apps: number;
  actions: number;
  written: number;
  reemitted: number;
  /** The pipeline's own duration (the "in X s" of the summary line), ms. */
  pipelineMs: number;
}

/** Parses `refold-gen: 8 apps, 75 actions, 0 file(s) written (…; 0 app(s) re-emitted) in 0.71 s`. */
function parseSummary(stdout: string): CliSummary {
  const m =
    /refold-gen: (\d+) apps, (\d+) actions, (\d+) file\(s\) written \(.*?(\d+) app\(s\) re-emitted\) in (\d+(?:\.\d+)?) s/.exec(
      stdout,
    );
  if (!m) throw new Error(`unexpected refold-gen output:\n${stdout}`);
  return {
    apps: Number(m[1]),
    actions: Number(m[2]),
    written: Number(m[3]),
    reemitted: Number(m[4]),
    pipelineMs: Number(m[5]) * 1000,
  };
}

export async function runCli(work: string, args: string[], env?: NodeJS.ProcessEnv) {
  const m = check(
    await measureNode(work, [CLI, "generate", ...args], { env }),
    `refold-gen ${args.join(" ")}`,
  );
  return { ...m, summary: parseSummary(m.stdout) };
}

/** A fresh output directory holding only the snapshot at `<dir>/schemas`. */
export function freshOutDir(dir: string, snapshotDir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(snapshotDir, path.join(dir, "schemas"), { recursive: true });
}
