/**
 * The `refold-gen` command line: parses flags, merges them over the config file, runs the pipeline
 * and maps outcomes to exit codes (0 ok, 1 generation failed or drift, 2 usage, 70 a bug).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "./config.js";
import { UsageError } from "./errors.js";
import { generate } from "./generate.js";
import { defaultOptions, type GenerateOptions } from "./options.js";
import { createReporter } from "./reporter.js";

export const HELP = `Usage: refold-gen generate [options]

Generates typed per-app clients from the Refold action catalog.
With REFOLD_API_KEY (or REFOLD_SESSION_TOKEN) set, the catalog is fetched live and written to
<out>/schemas; otherwise the committed snapshot is used.

Options:
  --out DIR             output directory (default: generated)
  --apps a,b            only these app slugs (default: all)
  --offline             use only the snapshot, never the network
  --base-url URL        API base URL (default: REFOLD_BASE_URL or https://app.refold.ai)
  --linked-account ID   linked account whose schemas are fetched (default: REFOLD_LINKED_ACCOUNT_ID)
  --concurrency N       parallel schema requests (default: 8)
  --default-app SLUG    also fetch the org's default app (its API proxies), which the app list omits
  --check               exit 1 and list stale files if the output is not current; write nothing
  --dry-run             print what would change; write nothing
  --strict              treat warnings as errors
  --no-cache            re-emit every app even if unchanged
  --report-json FILE    write the change report as JSON
  --config FILE         config file (default: refold.config.ts if present)
  --silent              print nothing but errors
  -h, --help            show this help

Exit codes: 0 success, 1 generation failed or --check found drift, 2 usage or configuration error.`;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const reporter = createReporter({ env, stdout: process.stdout, stderr: process.stderr });
  try {
    const { options, silent, help, reportJson } = await parseCli(argv, env);
    if (help) {
      process.stdout.write(HELP + "\n");
      return 0;
    }
    reporter.silent = silent;
    const result = await generate(options, { source: await liveSourceFor(options, env, reporter) });
    return reporter.finish(options, result, reportJson);
  } catch (error) {
    return reporter.fail(error);
  }
}

async function liveSourceFor(
  options: GenerateOptions,
  env: NodeJS.ProcessEnv,
  reporter: ReturnType<typeof createReporter>,
) {
  if (options.offline) return undefined;
  const { liveSource } = await import("./fetchCatalog.js");
  return liveSource(options, env, reporter);
}

export async function parseCli(argv: string[], env: NodeJS.ProcessEnv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        apps: { type: "string" },
        offline: { type: "boolean" },
        "base-url": { type: "string" },
        "linked-account": { type: "string" },
        concurrency: { type: "string" },
        "default-app": { type: "string" },
        check: { type: "boolean" },
        "dry-run": { type: "boolean" },
        strict: { type: "boolean" },
        "no-cache": { type: "boolean" },
        "report-json": { type: "string" },
        config: { type: "string" },
        silent: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  const [command = "generate", ...extra] = positionals;
  if (command !== "generate" || extra.length)
    throw new UsageError(`Unknown command: ${positionals.join(" ")}\n\n${HELP}`);
  if (values.check && values["dry-run"])
    throw new UsageError("--check and --dry-run cannot be combined.");

  const config = (await loadConfig(process.cwd(), values.config)) ?? {};
  const options: GenerateOptions = { ...defaultOptions(env) };
  if (config.out !== undefined) options.out = config.out;
  if (config.apps !== undefined) options.apps = config.apps;
  if (config.baseUrl !== undefined) options.baseUrl = config.baseUrl;
  if (config.linkedAccountId !== undefined) options.linkedAccountId = config.linkedAccountId;
  if (config.concurrency !== undefined) options.concurrency = config.concurrency;
  if (config.requestTimeoutMs !== undefined) options.requestTimeoutMs = config.requestTimeoutMs;
  if (config.attempts !== undefined) options.attempts = config.attempts;
  if (config.deadlineMs !== undefined) options.deadlineMs = config.deadlineMs;
  if (config.kinds !== undefined) options.kinds = config.kinds;
  if (config.strict !== undefined) options.strict = config.strict;
  if (config.workers !== undefined) options.workers = config.workers;
  if (config.defaultApp !== undefined) options.defaultApp = config.defaultApp.trim();
  if (config.rateLimit !== undefined)
    options.rateLimit = config.rateLimit && {
      requestsPerSecond: config.rateLimit.requestsPerSecond ?? 20,
      burst: config.rateLimit.burst ?? 5,
    };

  if (values.out !== undefined) options.out = values.out;
  if (values.apps !== undefined)
    options.apps = values.apps
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (values["default-app"] !== undefined) {
    if (!values["default-app"].trim()) throw new UsageError("--default-app needs an app slug.");
    options.defaultApp = values["default-app"].trim();
  }
  if (values["base-url"] !== undefined) options.baseUrl = values["base-url"];
  if (values["linked-account"] !== undefined) options.linkedAccountId = values["linked-account"];
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(
        `--concurrency must be a positive integer, got "${values.concurrency}".`,
      );
    options.concurrency = n;
  }
  if (values["base-url"] !== undefined || config.baseUrl !== undefined) options.offline = false;
  if (values.offline) options.offline = true;
  if (values.strict) options.strict = true;
  if (values["no-cache"]) options.cache = false;
  if (values.check) options.mode = "check";
  if (values["dry-run"]) options.mode = "dry-run";
  if (options.apps?.length === 0) throw new UsageError("--apps needs at least one slug.");
  if (!options.offline) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new UsageError(`--base-url is not a URL: "${options.baseUrl}".`);
    }
  }
  return {
    options,
    silent: values.silent === true,
    help: values.help === true,
    reportJson: values["report-json"],
  };
}
