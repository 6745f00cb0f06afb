/** Section "executor": the runtime executor against raw undici (runs once; it alternates its own rounds). */
import { check, measureNode } from "../measure.js";
import type { Context } from "../results.js";

export async function executor(ctx: Context): Promise<void> {
  const r = check(
    await measureNode(ctx.work, ["--import", "tsx", "bench/child.ts", "executor"]),
    "bench/child.ts executor",
  );
  const result = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
    concurrency: number;
    raw: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
    executor: { requestsPerSecond: number; p50Ms: number; p99Ms: number };
    throughputRatio: number;
    addedP99Ms: number;
  };
  ctx.raw.executor = result;
  const fmt = (v: { requestsPerSecond: number; p50Ms: number; p99Ms: number }) =>
    `${Math.round(v.requestsPerSecond)} req/s, p50 ${v.p50Ms} ms, p99 ${v.p99Ms} ms`;
  ctx.log(`  executor: raw ${fmt(result.raw)}; executor ${fmt(result.executor)}`);
  ctx.rows.push({
    section: "executor",
    step: `executor vs raw undici (concurrency ${result.concurrency}): ${fmt(result.executor)}`,
    medianMs: NaN,
    rssMiB: r.rssMiB,
    note: `${result.throughputRatio}× raw req/s (≥ 0.9), ${result.addedP99Ms >= 0 ? "+" : ""}${result.addedP99Ms} ms p99 (≤ +1)`,
    pass: result.throughputRatio >= 0.9 && result.addedP99Ms <= 1,
  });
  ctx.rows.push({
    section: "executor",
    step: `  raw undici.request on a Pool: ${fmt(result.raw)}`,
    medianMs: NaN,
    rssMiB: null,
  });
}
