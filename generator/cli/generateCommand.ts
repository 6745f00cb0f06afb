/**
 * `refold-gen generate`: resolves every setting (flag > config file > environment > default),
 * checks what the run needs before it starts (preflight.ts), picks the source and runs the
 * pipeline once, or again on every change with `--watch`.
 */
import path from "node:path";
import { compareCodeUnits } from "../core/canonicalJson.js";
import { CONFIG_OPTIONS, configFileOf, loadConfig, type RefoldConfig } from "./config.js";
import { didYouMean } from "../core/didYouMean.js";
import { UsageError } from "../core/errors.js";
import { GENERATE_FLAGS, parseFlags, type CliRun } from "./flags.js";
import { defaultOptions, type GenerateOptions } from "../core/options.js";
import { BUNDLED_SNAPSHOT_DIR } from "../core/paths.js";
import { checkOutDir, requireCatalog, undiciWarning } from "./preflight.js";
import { formatterConfig } from "../output/formatterConfig.js";
import type { createReporter } from "./reporter.js";
import type { SnapshotFile } from "../source/readSnapshot.js";

type Reporter = ReturnType<typeof createReporter>;

/** Parses `argv` (with or without the leading `generate`) and merges it over config, env and defaults. */
export async function parseCli(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const { values, positionals } = parseFlags(argv, GENERATE_FLAGS, "generate");
  const extra = positionals[0] === "generate" ? positionals.slice(1) : positionals;
  if (extra.length)
    throw new UsageError(
      `\`generate\` takes no arguments (got "${extra.join(" ")}"). Options start with --; see \`refold-gen help generate\`.`,
    );
  const run: CliRun = {
    options: defaultOptions(env),
    silent: false,
    watch: false,
    demo: false,
    help: false,
  };
  // --config first: the file's settings sit between the environment and the other flags.
  for (const [flag, value] of values) if (flag.name === "config") flag.set(run, value);
  const config = (await loadConfig(process.cwd(), run.configFile)) ?? {};
  for (const key of CONFIG_OPTIONS)
    if (config[key] !== undefined)
      (run.options as unknown as Record<string, unknown>)[key] = config[key];
  if (config.rateLimit !== undefined)
    run.options.rateLimit = config.rateLimit && {
      requestsPerSecond: config.rateLimit.requestsPerSecond ?? 20,
      burst: config.rateLimit.burst ?? 5,
    };
  for (const [flag, value] of values) flag.set(run, value);

  const { options } = run;
  // The default app (API proxies) belongs to the scope even when the config lists its apps.
  if (options.defaultApp && options.apps && !options.apps.includes(options.defaultApp))
    options.apps = [...options.apps, options.defaultApp];
  const flagSet = (name: string) => values.some(([f]) => f.name === name);
  if (flagSet("check") && flagSet("dry-run"))
    throw new UsageError("--check and --dry-run cannot be combined.");
  if (run.watch && options.mode !== "write")
    throw new UsageError(
      `--watch writes the output; it cannot be combined with --${options.mode}.`,
    );
  if (run.demo) {
    options.offline = true;
    options.snapshotDir = BUNDLED_SNAPSHOT_DIR;
  }
  const outside = options.refresh?.filter((slug) => options.apps && !options.apps.includes(slug));
  if (outside?.length)
    throw new UsageError(
      `--apps ${outside.join(",")}: not in the config's apps (${options.apps!.join(", ")}). Add ${outside.length > 1 ? "them" : "it"} to apps in the config file first.`,
    );
  if (!options.offline) {
    try {
      new URL(options.baseUrl);
    } catch {
      throw new UsageError(`The base URL is not a URL: "${options.baseUrl}".`);
    }
  }
  return run;
}

export async function runGenerate(
  argv: string[],
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  const run = await parseCli(argv, env);
  if (run.help) {
    const { GENERATE_HELP } = await import("./help.js");
    process.stdout.write(GENERATE_HELP + "\n");
    return 0;
  }
  reporter.silent = run.silent;
  if (!run.watch) return generateOnce(run, env, reporter);
  const { watchGenerate } = await import("./watch.js");
  return watchGenerate({
    run: async () => {
      // Each run re-reads the config file, so an edit to it takes effect.
      const next = await parseCli(argv, env);
      reporter.silent = next.silent;
      return generateOnce(next, env, reporter);
    },
    targets: () => watchTargets(argv, env),
    report: (line) => process.stderr.write(`refold-gen: ${line}\n`),
    fail: (error) => reporter.fail(error),
  });
}

/** One generation: preflight, source, pipeline, report. */
export async function generateOnce(
  run: CliRun,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<number> {
  const { options } = run;
  checkOutDir(options.out, options.mode);
  // The prettier config is checked (or known unchanged) before anything runs.
  await formatterConfig(options.out);
  requireCatalog(options, run.demo);
  if (options.offline && options.refresh) await checkRefreshSlugs(options);
  const source = await liveSourceFor(options, env, reporter);
  const { generate } = await import("../generate.js");
  const progress = (done: number, total: number) =>
    reporter.progress(`Emitting app modules: ${done}/${total}`);
  const result = await generate(options, { source, progress }).finally(() =>
    reporter.endProgress(),
  );
  const missing = undiciWarning(options.out);
  if (missing) reporter.warn(missing);
  return reporter.finish(options, result, run.reportJson);
}

/** The config file and `<out>/schemas`: what `--watch` watches. */
async function watchTargets(argv: string[], env: NodeJS.ProcessEnv) {
  const run = await parseCli(argv, env).catch(() => undefined);
  const config = configFileOf(process.cwd(), run?.configFile);
  return {
    files: config ? [config] : [],
    dirs: [path.resolve(run?.options.out ?? "generated", "schemas")],
  };
}

async function liveSourceFor(
  options: GenerateOptions,
  env: NodeJS.ProcessEnv,
  reporter: Reporter,
): Promise<(() => Promise<SnapshotFile[]>) | undefined> {
  if (options.offline) return undefined;
  let live;
  try {
    const { liveSource } = await import("../source/fetchCatalog.js");
    live = liveSource({ ...options, apps: options.refresh ?? options.apps }, env, reporter);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" &&
      /undici/.test(String(error))
    )
      throw new UsageError(
        "The live fetch needs undici, a peer dependency of refold-gen that is not installed. Run `npm install undici`.",
      );
    throw error;
  }
  const refresh = options.refresh;
  if (!refresh) return live;
  // `--apps`: fetch these apps; every other app in scope keeps its snapshot.
  return async () => {
    const fetched = await live();
    const kept = await keptSnapshots(options, new Set(refresh));
    const slug = (f: SnapshotFile) => String(f.snapshot?.app?.slug);
    return [...fetched, ...kept].sort((a, b) => compareCodeUnits(slug(a), slug(b)));
  };
}

async function keptSnapshots(
  options: GenerateOptions,
  refreshed: Set<string>,
): Promise<SnapshotFile[]> {
  const { existsSync } = await import("node:fs");
  const dir = path.resolve(options.out, "schemas");
  if (!existsSync(dir)) return [];
  const { readSnapshotDir } = await import("../source/readSnapshot.js");
  const files = await readSnapshotDir(dir).catch((error: { code?: string }) => {
    if (error.code === "SNAPSHOT_MISSING") return [];
    throw error;
  });
  return files.filter((file) => {
    const slug = String(file.snapshot?.app?.slug);
    return !refreshed.has(slug) && (!options.apps || options.apps.includes(slug));
  });
}

/** Offline there is nothing to refresh, but a slug `--apps` names must still exist. */
async function checkRefreshSlugs(options: GenerateOptions): Promise<void> {
  const { existsSync, readFileSync } = await import("node:fs");
  const own = path.resolve(options.out, "schemas");
  const dir = options.snapshotDir ?? (existsSync(own) ? own : BUNDLED_SNAPSHOT_DIR);
  let known: string[] | undefined;
  if (dir === own) {
    try {
      const manifest = JSON.parse(readFileSync(path.resolve(options.out, "manifest.json"), "utf8"));
      known = Object.keys(manifest.apps);
    } catch {
      // No usable manifest: read the snapshot below.
    }
  }
  if (!known) {
    const { readSnapshotDir } = await import("../source/readSnapshot.js");
    known = (await readSnapshotDir(dir)).map((f) => String(f.snapshot?.app?.slug));
  }
  const unknown = options.refresh!.filter((slug) => !known.includes(slug));
  if (unknown.length)
    throw new UsageError(
      `Unknown app slug in --apps: ${unknown.join(", ")}.${didYouMean(unknown[0]!, known)} Known: ${[...known].sort().join(", ")}.`,
    );
}
