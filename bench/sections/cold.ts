/** Section "cold": a full generation with the cache off. */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { freshOutDir, runCli } from "../cli.js";
import { median, peak } from "../measure.js";
import { GiB, fmtMiB, fmtMs, type Context } from "../results.js";

export async function coldGeneration(ctx: Context): Promise<void> {
  const dir = path.join(ctx.work, "cold");
  const runs: Awaited<ReturnType<typeof runCli>>[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    freshOutDir(dir, ctx.snapshotDir);
    const r = await runCli(ctx.work, ["--offline", "--no-cache", "--out", dir]);
    if (r.summary.apps !== ctx.catalog.length || r.summary.reemitted !== ctx.catalog.length) {
      throw new Error(
        `cold generation emitted ${r.summary.reemitted} of ${ctx.catalog.length} apps`,
      );
    }
    ctx.log(
      `  cold generation run ${i + 1}: ${fmtMs(r.ms)} (pipeline ${fmtMs(r.summary.pipelineMs)}), ${fmtMiB(r.rssMiB)}`,
    );
    runs.push(r);
  }
  const rss = peak(runs.map((r) => r.rssMiB));
  ctx.rows.push({
    section: "cold",
    step: `refold-gen cold generate (--no-cache, ${ctx.catalog.length} apps, ${ctx.actions} actions)`,
    medianMs: median(runs.map((r) => r.ms)),
    pipelineMs: median(runs.map((r) => r.summary.pipelineMs)),
    rssMiB: rss,
    note: "peak RSS < 1 GiB",
    pass: rss === null ? undefined : rss < GiB,
    runsMs: runs.map((r) => r.ms),
    extra: { outputBytes: dirBytes(dir) },
  });
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += readFileSync(path.join(entry.parentPath, entry.name)).length;
  }
  return total;
}
