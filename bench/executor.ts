/**
 * Executor benchmark: raw `undici.request` on a Pool vs the runtime's executor, same local server
 * (in a child process, so it does not share the client's core), same concurrency, same run.
 *
 *   npx tsx bench/executor.ts [--duration-ms 3000] [--concurrency 50]
 *
 * `benchExecutor(opts)` returns the numbers for `npm run bench`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Pool, request } from "undici";
import { createExecutor } from "../templates/runtime/index.js";

export interface BenchOptions {
  /** Measured time per variant and round (default 3000 ms). */
  durationMs?: number;
  /** Warm-up per variant before measuring (default 500 ms). */
  warmupMs?: number;
  /** In-flight requests (default 50). */
  concurrency?: number;
  /** Alternating rounds per variant, to cancel drift (default 2). */
  rounds?: number;
}

export interface VariantResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface BenchResult {
  concurrency: number;
  raw: VariantResult;
  executor: VariantResult;
  /** executor req/s divided by raw req/s (target >= 0.9). */
  throughputRatio: number;
  /** executor p99 minus raw p99 in ms (target <= 1). */
  addedP99Ms: number;
}

const SERVER_SOURCE = `
const http = require("node:http");
const body = JSON.stringify({ node_status: "Success", http_status: 200, data: { id: "51", properties: { email: "jane@example.com", firstname: "Jane", lastname: "Doe" } } });
const length = Buffer.byteLength(body);
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-e", SERVER_SOURCE], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) resolve(out.trim());
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

type Send = () => Promise<unknown>;

async function drive(
  send: Send,
  concurrency: number,
  durationMs: number,
  latencies: number[] | undefined,
): Promise<number> {
  const stopAt = performance.now() + durationMs;
  let count = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < stopAt) {
      const started = performance.now();
      await send();
      latencies?.push(performance.now() - started);
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarize(latencies: number[], requests: number, elapsedMs: number): VariantResult {
  const sorted = Float64Array.from(latencies).sort();
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    requests,
    requestsPerSecond: Math.round((requests / elapsedMs) * 1000),
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
  };
}

export async function benchExecutor(options: BenchOptions = {}): Promise<BenchResult> {
  const concurrency = options.concurrency ?? 50;
  const durationMs = options.durationMs ?? 3_000;
  const warmupMs = options.warmupMs ?? 500;
  const rounds = options.rounds ?? 2;
  const { url, child } = await startServerProcess();
  const path = "/api/v2/integration-schema/hubspot/actions/create_contact/execute";
  const params = { email: "jane@example.com", firstname: "Jane", lastname: "Doe" };
  const headers = {
    "x-api-key": "tk_bench_key",
    linked_account_id: "acme",
    "content-type": "application/json",
    accept: "application/json",
  };
  const pool = new Pool(url, { connections: concurrency, keepAliveTimeout: 4_000 });
  const target = `${url}${path}`;
  // Raw baseline: the same request and the same work on the body (read it, parse the JSON).
  const raw: Send = async () => {
    const res = await request(target, {
      dispatcher: pool,
      method: "POST",
      headers,
      body: JSON.stringify(params),
    });
    return ((await res.body.json()) as { data: unknown }).data;
  };
  // The client-side rate limiter is off: it would (correctly) hold one account to 20 req/s. So is
  // the per-account cap (default a quarter of the pool): this measures the executor's overhead on
  // one account, not its fairness policy.
  const executor = createExecutor({
    apiKey: "tk_bench_key",
    linkedAccountId: "acme",
    baseUrl: url,
    rateLimit: false,
    connections: concurrency,
    maxInFlightPerAccount: concurrency,
  });
  const viaExecutor: Send = () =>
    executor.execute("hubspot", "create_contact", params, { kind: "write" });

  const variants = { raw, executor: viaExecutor } as const;
  const totals = {
    raw: { latencies: [] as number[], requests: 0, elapsed: 0 },
    executor: { latencies: [] as number[], requests: 0, elapsed: 0 },
  };
  try {
    for (const send of Object.values(variants)) await drive(send, concurrency, warmupMs, undefined);
    for (let round = 0; round < rounds; round++) {
      const order =
        round % 2 === 0 ? (["raw", "executor"] as const) : (["executor", "raw"] as const);
      for (const name of order) {
        const started = performance.now();
        totals[name].requests += await drive(
          variants[name],
          concurrency,
          durationMs,
          totals[name].latencies,
        );
        totals[name].elapsed += performance.now() - started;
      }
    }
  } finally {
    await executor.close();
    await pool.close();
    child.kill();
  }
  const rawResult = summarize(totals.raw.latencies, totals.raw.requests, totals.raw.elapsed);
  const executorResult = summarize(
    totals.executor.latencies,
    totals.executor.requests,
    totals.executor.elapsed,
  );
  return {
    concurrency,
    raw: rawResult,
    executor: executorResult,
    throughputRatio:
      Math.round((executorResult.requestsPerSecond / rawResult.requestsPerSecond) * 1000) / 1000,
    addedP99Ms: Math.round((executorResult.p99Ms - rawResult.p99Ms) * 1000) / 1000,
  };
}

function arg(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : Number(process.argv[index + 1]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts: BenchOptions = {};
  const duration = arg("--duration-ms");
  const concurrency = arg("--concurrency");
  if (duration !== undefined) opts.durationMs = duration;
  if (concurrency !== undefined) opts.concurrency = concurrency;
  const result = await benchExecutor(opts);
  const row = (name: string, r: VariantResult) =>
    `${name.padEnd(22)} ${String(r.requestsPerSecond).padStart(8)} req/s   p50 ${r.p50Ms.toFixed(3).padStart(7)} ms   p99 ${r.p99Ms.toFixed(3).padStart(7)} ms`;
  console.log(`executor bench, 127.0.0.1, concurrency ${result.concurrency}`);
  console.log(row("raw undici.request", result.raw));
  console.log(row("runtime executor", result.executor));
  console.log(
    `throughput ratio ${(result.throughputRatio * 100).toFixed(1)}% (target >= 90%), added p99 ${result.addedP99Ms.toFixed(3)} ms (target <= 1 ms)`,
  );
  console.log(JSON.stringify(result));
}
