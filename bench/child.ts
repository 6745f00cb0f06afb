/**
 * Child-process entry points for `npm run bench` (bench/run.ts), so each measured thing runs in
 * its own process and its peak RSS is its own:
 *
 *   node --import tsx bench/child.ts fetch --base-url URL --linked-account ID [--paced] [--apps a,b]
 *                                                              (REFOLD_API_KEY in env)
 *   node --import tsx bench/child.ts executor
 *
 * Each prints one line of JSON on stdout: the numbers plus `maxRssKiB` (process.resourceUsage()).
 */
import { performance } from "node:perf_hooks";
import { benchExecutor } from "./executor.js";
import { liveSource } from "../generator/source/fetchCatalog.js";
import { defaultOptions } from "../generator/core/options.js";

async function fetchOnly(argv: string[]): Promise<Record<string, unknown>> {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i === -1 || argv[i + 1] === undefined)
      throw new Error(`bench/child.ts fetch: ${flag} is required`);
    return argv[i + 1]!;
  };
  const defaults = defaultOptions(process.env);
  const options = {
    ...defaults,
    offline: false,
    baseUrl: value("--base-url"),
    linkedAccountId: value("--linked-account"),
    // Unpaced measures the pipeline; --paced keeps to the documented limit (the default).
    rateLimit: argv.includes("--paced") ? defaults.rateLimit : (false as const),
    apps: argv.includes("--apps") ? value("--apps").split(",") : undefined,
  };
  const silentReporter = { progress() {}, endProgress() {} };
  let stats: { sent: number; rateLimited: number } | undefined;
  const started = performance.now();
  const files = await liveSource(options, process.env, silentReporter, {}, (s) => (stats = s))();
  const ms = performance.now() - started;
  return {
    ms,
    sent: stats?.sent,
    rateLimited: stats?.rateLimited,
    concurrency: options.concurrency,
    apps: files.length,
    actions: files.reduce((n, f) => n + f.snapshot.actions.length, 0),
  };
}

async function main(argv: string[]): Promise<void> {
  const [mode, ...rest] = argv;
  let result: Record<string, unknown>;
  if (mode === "fetch") result = await fetchOnly(rest);
  else if (mode === "executor") result = { ...(await benchExecutor()) };
  else throw new Error(`bench/child.ts: unknown mode ${JSON.stringify(mode)} (fetch | executor)`);
  process.stdout.write(
    JSON.stringify({ ...result, maxRssKiB: process.resourceUsage().maxRSS }) + "\n",
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
