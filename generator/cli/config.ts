/**
 * The config file `refold.config.ts` (or `.mts`, `.js`, `.mjs`): `export default defineConfig({...})`.
 * Every option is optional and documented with its default; CLI flags override it. Secrets are never
 * read from here: API keys and session tokens come only from the environment.
 *
 * A `.js`/`.mjs` config is imported by Node itself. A `.ts`/`.mts` config is loaded with tsx, imported
 * only then (Node 20 cannot strip types), so the CLI itself never loads tsx.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { didYouMean } from "../core/didYouMean.js";
import { UsageError } from "../core/errors.js";
import type { RefoldConfig } from "../core/defineConfig.cjs";
import type { GenerateOptions } from "../core/options.js";

// Type-only: vitest's transform does not load .cts files; tsx and tsc do.
export type { RefoldConfig } from "../core/defineConfig.cjs";

export const CONFIG_FILES = [
  "refold.config.ts",
  "refold.config.mts",
  "refold.config.mjs",
  "refold.config.js",
];

/** The config keys that map one to one onto GenerateOptions. */
export const CONFIG_OPTIONS = [
  "out",
  "apps",
  "baseUrl",
  "linkedAccountId",
  "concurrency",
  "requestTimeoutMs",
  "attempts",
  "deadlineMs",
  "kinds",
  "strict",
  "workers",
  "defaultApp",
] as const satisfies readonly (keyof RefoldConfig & keyof GenerateOptions)[];

/** Every key a config file may set: the one-to-one options plus `rateLimit` (merged with defaults). */
const KEYS = new Set<string>([...CONFIG_OPTIONS, "rateLimit"]);
const SECRET_KEYS = /key|token|secret|password/i;

/** Loads the config file named, or the first of CONFIG_FILES in `cwd`; undefined when there is none. */
export async function loadConfig(
  cwd: string,
  explicit?: string,
): Promise<RefoldConfig | undefined> {
  const file = configFileOf(cwd, explicit);
  if (!file) return undefined;
  if (!existsSync(file)) throw new UsageError(`Config file not found: ${file}`);
  let loaded: unknown;
  try {
    loaded = await importDefault(file);
  } catch (error) {
    throw new UsageError(`Could not load ${path.basename(file)}: ${(error as Error).message}`);
  }
  return validateConfig(loaded, path.basename(file));
}

/** The config file named, or the first of CONFIG_FILES present in `cwd`. */
export function configFileOf(cwd: string, explicit?: string): string | undefined {
  return explicit
    ? path.resolve(cwd, explicit)
    : CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
}

/** The default export of a config file; a fresh import each call (watch mode reloads it). */
async function importDefault(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (!/\.[cm]?ts$/.test(file)) {
    const mod = (await import(`${url}?t=${Date.now()}`)) as { default?: unknown };
    return mod.default;
  }
  const { tsImport } = await import("tsx/esm/api");
  const mod = (await tsImport(`${url}?t=${Date.now()}`, import.meta.url)) as { default?: unknown };
  let loaded = mod.default;
  // tsx may wrap a TS module's default export once more.
  if (
    loaded &&
    typeof loaded === "object" &&
    "default" in loaded &&
    Object.keys(loaded).length === 1
  )
    loaded = (loaded as { default: unknown }).default;
  return loaded;
}

export function validateConfig(value: unknown, file: string): RefoldConfig {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new UsageError(`${file}: the default export must be defineConfig({ ... }).`);
  for (const key of Object.keys(value)) {
    if (SECRET_KEYS.test(key))
      throw new UsageError(
        `${file}: "${key}" is not allowed: secrets come only from the environment (REFOLD_API_KEY, REFOLD_SESSION_TOKEN).`,
      );
    if (!KEYS.has(key))
      throw new UsageError(
        `${file}: unknown option "${key}".${didYouMean(key, [...KEYS])} Known: ${[...KEYS].join(", ")}.`,
      );
  }
  const config = value as RefoldConfig;
  if (
    config.apps !== undefined &&
    !(Array.isArray(config.apps) && config.apps.every((a) => typeof a === "string"))
  )
    throw new UsageError(`${file}: apps must be a list of slugs.`);
  if (config.out !== undefined && typeof config.out !== "string")
    throw new UsageError(`${file}: out must be a string.`);
  for (const key of [
    "concurrency",
    "requestTimeoutMs",
    "attempts",
    "deadlineMs",
    "workers",
  ] as const) {
    const n = config[key];
    if (n !== undefined && !(Number.isInteger(n) && n > 0))
      throw new UsageError(`${file}: ${key} must be a positive integer.`);
  }
  if (
    config.defaultApp !== undefined &&
    !(typeof config.defaultApp === "string" && config.defaultApp.trim())
  )
    throw new UsageError(`${file}: defaultApp must be an app slug (a non-empty string).`);
  checkRateLimit(config.rateLimit, file);
  for (const [key, kind] of Object.entries(config.kinds ?? {})) {
    if (!key.includes("/") || (kind !== "read" && kind !== "write"))
      throw new UsageError(
        `${file}: kinds["${key}"] must be "read" or "write", keyed by "slug/action_id".`,
      );
  }
  return config;
}

function checkRateLimit(value: unknown, file: string): void {
  if (value === undefined || value === false) return;
  const limit = value as Record<string, unknown>;
  const rate = limit?.requestsPerSecond;
  const burst = limit?.burst;
  const bad =
    !limit ||
    typeof limit !== "object" ||
    Array.isArray(limit) ||
    Object.keys(limit).some((k) => k !== "requestsPerSecond" && k !== "burst") ||
    (rate !== undefined && !(typeof rate === "number" && rate > 0 && Number.isFinite(rate))) ||
    (burst !== undefined && !(Number.isInteger(burst) && (burst as number) >= 1));
  if (bad)
    throw new UsageError(
      `${file}: rateLimit must be false or { requestsPerSecond?: number > 0, burst?: integer >= 1 }.`,
    );
}
