/** Section "fetch": a live generate from the emulator, and the fetch alone in its own process. */
import { DEFAULT_API_KEY, startEmulator } from "../../emulator/server.js";
import { runCli } from "../cli.js";
import { check, childEnv, measureNode, median, peak, type Measured } from "../measure.js";
import { fmtMs, type Context } from "../results.js";

export async function fetchFromEmulator(ctx: Context, liveDir: string): Promise<void> {
  const emulator = await startEmulator({ catalogDir: ctx.snapshotDir, rateLimit: false });
  const env = childEnv({ REFOLD_API_KEY: DEFAULT_API_KEY });
  try {
    const cliRuns: Awaited<ReturnType<typeof runCli>>[] = [];
    const fetchRuns: (Measured & { fetchMs: number })[] = [];
    let requests = 0;
    for (let i = 0; i < ctx.runs; i++) {
      emulator.clearRequests();
      const cli = await runCli(
        ctx.work,
        ["--base-url", emulator.url, "--linked-account", "acme", "--out", liveDir],
        env,
      );
      requests = emulator.requests.length;
      if (cli.summary.apps !== ctx.catalog.length || cli.summary.actions !== ctx.actions) {
        throw new Error(`live fetch saw ${cli.summary.apps} apps, ${cli.summary.actions} actions`);
      }
      const only = check(
        await measureNode(
          ctx.work,
          [
            "--import",
            "tsx",
            "bench/child.ts",
            "fetch",
            "--base-url",
            emulator.url,
            "--linked-account",
            "acme",
          ],
          { env },
        ),
        "bench/child.ts fetch",
      );
      const fetchMs = (JSON.parse(only.stdout.trim().split("\n").pop()!) as { ms: number }).ms;
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
      step: `CLI live generate from the emulator (${requests} requests, concurrency 8, warm out)`,
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
}
