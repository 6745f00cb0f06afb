/** The bench's rows, the shared section context, and the printed table. */
import { execFileSync } from "node:child_process";
import type { WireAppSnapshot } from "../generator/core/snapshot.js";
import { ROOT } from "./measure.js";

export const SECTIONS = ["cold", "openapi", "regen", "fetch", "tsc", "executor"] as const;
export type Section = (typeof SECTIONS)[number];
export const GiB = 1024;

export interface Row {
  section: Section;
  step: string;
  medianMs: number;
  /** The generator's own time (from its summary line), when the step is a CLI run. */
  pipelineMs?: number;
  rssMiB: number | null;
  /** e.g. "5.2× openapi-ts (≥ 3×, aim 4×)" */
  note?: string;
  /** true = meets the target, false = misses it, undefined = no target. */
  pass?: boolean;
  runsMs?: number[];
  extra?: Record<string, unknown>;
}

export const fmtMs = (ms: number | undefined) =>
  ms === undefined || Number.isNaN(ms)
    ? ""
    : ms >= 10_000
      ? `${(ms / 1000).toFixed(1)} s`
      : ms >= 1000
        ? `${(ms / 1000).toFixed(2)} s`
        : `${Math.round(ms)} ms`;
export const fmtMiB = (mib: number | null) => (mib === null ? "n/a" : `${Math.round(mib)} MiB`);
export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export function printTable(rows: Row[]): void {
  const header = ["step", "median", "in-process", "peak RSS", "ratio / target", "result"];
  const body = rows.map((r) => [
    r.step,
    fmtMs(r.medianMs),
    fmtMs(r.pipelineMs),
    fmtMiB(r.rssMiB),
    r.note ?? "",
    r.pass === undefined ? "" : r.pass ? "pass" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    "| " + cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
  console.log(line(header));
  console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
  for (const b of body) console.log(line(b));
}

export function gitInfo() {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  };
  return {
    commit: git("rev-parse", "HEAD"),
    dirty: (git("status", "--porcelain", "--untracked-files=no") ?? "") !== "",
  };
}

export interface Context {
  work: string;
  runs: number;
  catalog: WireAppSnapshot[];
  snapshotDir: string;
  actions: number;
  rows: Row[];
  raw: Record<string, unknown>;
  log: (s: string) => void;
}
