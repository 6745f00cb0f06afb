/**
 * Section "fetch": a live generate from the emulator and the fetch alone in its own process (both
 * unpaced, measuring the pipeline), and the default paced fetch against the documented limit.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_API_KEY, startEmulator } from "../../emulator/server.js";
import { runCli } from "../cli.js";
import { check, childEnv, measureNode, median, peak, type Measured } from "../measure.js";
import { fmtMs, type Context } from "../results.js";

export async function fetchFromEmulator(ctx: Context, liveDir: string): Promise<void> {
  const emulator = await startEmulator({ catalogDir: ctx.snapshotDir, rateLimit: false });
  const env = childEnv({ REFOLD_API_KEY: DEFAULT_API_KEY });
  // The pipeline rows run unpaced (the default pacing would make them measure the limit).
  const unpaced = path.join(ctx.work, "unpaced.config.mjs");
  writeFileSync(unpaced, "export default { rateLimit: false };\n");
  try {
    const cliRuns: Awaited<ReturnType<typeof runCli>>[] = [];
    const fetchRuns: (Measured & { fetchMs: number })[] = [];
    let requests = 0;
    for (let i = 0; i < ctx.runs; i++) {
      emulator.clearRequests();
      const cli = await runCli(
        ctx.work,
        [
          "--base-url",
          emulator.url,
          "--linked-account",
          "acme",
          "--out",
          liveDir,
          "--config",
          unpaced,
        ],
        env,
      );
      requests = emulator.requests.length;
      if (cli.summary.apps !== ctx.catalog.length || cli.summary.actions !== ctx.actions) {
        throw new Error(`live fetch saw ${cli.summary.apps} apps, ${cli.summary.actions} actions`);
      }
      const { out: fetched, ...only } = await childFetch<{ ms: number }>(ctx, emulator.url, env);
      const fetchMs = fetched.ms;
      ctx.log(
        `  fetch run ${i + 1}: CLI live ${fmtMs(cli.ms)} (${requests} requests, ${cli.summary.written} files written), ` +
          `fetch only ${fmtMs(fetchMs)}`,
      );
      cliRuns.push(cli);
      fetchRuns.push({ ...only, fetchMs });
    }
    const fetchMedian = median(fetchRuns.map((r) => r.fetchMs));
    ctx.rows.push({
      section: "fetch",
      step: `CLI live generate from the emulator (${requests} requests, concurrency 8, unpaced, warm out)`,
      medianMs: median(cliRuns.map((r) => r.ms)),
      pipelineMs: median(cliRuns.map((r) => r.summary.pipelineMs)),
      rssMiB: peak(cliRuns.map((r) => r.rssMiB)),
      runsMs: cliRuns.map((r) => r.ms),
      extra: { requests, filesWritten: cliRuns.map((r) => r.summary.written) },
    });
    ctx.rows.push({
      section: "fetch",
      step: "  of which the fetch alone (liveSource, own process)",
      medianMs: median(fetchRuns.map((r) => r.ms)),
      pipelineMs: fetchMedian,
      rssMiB: peak(fetchRuns.map((r) => r.rssMiB)),
      note: `${Math.round(requests / (fetchMedian / 1000))} req/s`,
      runsMs: fetchRuns.map((r) => r.ms),
      extra: { fetchRunsMs: fetchRuns.map((r) => r.fetchMs) },
    });
  } finally {
    await emulator.close();
  }
  await pacedFetch(ctx, env);
}

/**
 * The default (paced) fetch against the documented limit, enforced by the emulator on every
 * endpoint: requests/s achieved against 20/s, and the 429s drawn (the aim is none). A few apps
 * only: at the limit, the whole large catalog would take a quarter of an hour.
 */
async function pacedFetch(ctx: Context, env: NodeJS.ProcessEnv): Promise<void> {
  const emulator = await startEmulator({
    catalogDir: ctx.snapshotDir,
    rateLimit: { scope: "all" },
  });
  try {
    const apps = ctx.catalog.slice(0, 3).map((s) => String(s.app.slug));
    const runs: (Measured & { fetchMs: number; sent: number; rateLimited: number })[] = [];
    for (let i = 0; i < Math.min(ctx.runs, 3); i++) {
      emulator.reset();
      const { out, ...run } = await childFetch<{ ms: number; sent: number }>(
        ctx,
        emulator.url,
        env,
        ["--paced", "--apps", apps.join(",")],
      );
      const served429 = emulator.requests.filter((r) => r.status === 429).length;
      ctx.log(
        `  paced fetch run ${i + 1}: ${out.sent} requests in ${fmtMs(out.ms)}, ` +
          `${(out.sent / (out.ms / 1000)).toFixed(1)} req/s, ${served429} × 429`,
      );
      runs.push({ ...run, fetchMs: out.ms, sent: out.sent, rateLimited: served429 });
    }
    const ms = median(runs.map((r) => r.fetchMs));
    const sent = runs[0]!.sent;
    const rate = sent / (ms / 1000);
    const drawn = Math.max(...runs.map((r) => r.rateLimited));
    ctx.rows.push({
      section: "fetch",
      step: `paced fetch, default settings, ${apps.length} apps (${sent} requests) against 20/s burst 5`,
      medianMs: ms,
      rssMiB: peak(runs.map((r) => r.rssMiB)),
      note: `${rate.toFixed(1)} req/s (${Math.round((rate / 20) * 100)}% of the limit), ${drawn} × 429`,
      pass: drawn === 0,
      runsMs: runs.map((r) => r.fetchMs),
      extra: { requests: sent, rateLimited: runs.map((r) => r.rateLimited) },
    });
  } finally {
    await emulator.close();
  }
}

/** `bench/child.ts fetch` in its own process against `url`: the measurement and its JSON line. */
async function childFetch<T>(
  ctx: Context,
  url: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<Measured & { out: T }> {
  const args = ["fetch", ...extra, "--base-url", url, "--linked-account", "acme"];
  const run = check(
    await measureNode(ctx.work, ["--import", "tsx", "bench/child.ts", ...args], { env }),
    `bench/child.ts ${args.slice(0, 1 + extra.length).join(" ")}`,
  );
  return { ...run, out: JSON.parse(run.stdout.trim().split("\n").pop()!) as T };
}
