/**
 * The config file `refold.config.ts` (or `.js`/`.mjs`): `export default defineConfig({...})`.
 * Every option is optional and documented with its default; CLI flags override it. Secrets are never
 * read from here: API keys and session tokens come only from the environment.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { UsageError } from "./errors.js";
import type { ActionKind } from "./model.js";

export interface RefoldConfig {
  /** App slugs to generate. Default: every app of the catalog. */
  apps?: string[];
  /** Output directory. Default `"generated"`. */
  out?: string;
  /** API base URL for the live source. Default `REFOLD_BASE_URL` or `"https://app.refold.ai"`. */
  baseUrl?: string;
  /** Linked account whose schemas are fetched. Default `REFOLD_LINKED_ACCOUNT_ID`. */
  linkedAccountId?: string;
  /** Parallel schema requests for the live source. Default 8. */
  concurrency?: number;
  /** Per-request timeout of the live source, in ms. Default 15 000. */
  requestTimeoutMs?: number;
  /** Attempts per schema request of the live source (first + retries). Default 4. */
  attempts?: number;
  /** Deadline for the whole live fetch, in ms. Default 300 000. */
  deadlineMs?: number;
  /** Read/write classification overrides, by `"slug/action_id"`. Default none (classified from the action id's verb). */
  kinds?: Record<string, ActionKind>;
  /** Turn warnings into a failed run. Default false. */
  strict?: boolean;
  /** Worker threads for per-app work. Default: CPUs, at most 4. */
  workers?: number;
  /** Slug of the org's default app (its API proxies); the app list omits it. Default none. */
  defaultApp?: string;
  /** Pacing of the live fetch. Default `{ requestsPerSecond: 20, burst: 5 }` (the documented limit); `false` = unpaced. */
  rateLimit?: { requestsPerSecond?: number; burst?: number } | false;
}

/** Identity function that gives the config file its types. */
export function defineConfig(config: RefoldConfig): RefoldConfig {
  return config;
}

export const CONFIG_FILES = ["refold.config.ts", "refold.config.mjs", "refold.config.js"];

const KEYS = new Set([
  "apps",
  "out",
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
  "rateLimit",
]);
const SECRET_KEYS = /key|token|secret|password/i;

/** Loads the config file named, or the first of CONFIG_FILES in `cwd`; undefined when there is none. */
export async function loadConfig(
  cwd: string,
  explicit?: string,
): Promise<RefoldConfig | undefined> {
  const file = explicit
    ? path.resolve(cwd, explicit)
    : CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  if (!existsSync(file)) throw new UsageError(`Config file not found: ${file}`);
  let loaded: unknown;
  try {
    const { tsImport } = await import("tsx/esm/api");
    const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as {
      default?: unknown;
    };
    loaded = mod.default;
    // tsx may wrap a TS module's default export once more.
    if (
      loaded &&
      typeof loaded === "object" &&
      "default" in loaded &&
      Object.keys(loaded).length === 1
    )
      loaded = (loaded as { default: unknown }).default;
  } catch (error) {
    throw new UsageError(`Could not load ${path.basename(file)}: ${(error as Error).message}`);
  }
  return validateConfig(loaded, path.basename(file));
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
      throw new UsageError(`${file}: unknown option "${key}". Known: ${[...KEYS].join(", ")}.`);
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
  const bad =
    !limit ||
    typeof limit !== "object" ||
    Array.isArray(limit) ||
    Object.keys(limit).some((k) => k !== "requestsPerSecond" && k !== "burst") ||
    (limit.requestsPerSecond !== undefined &&
      !(
        typeof limit.requestsPerSecond === "number" &&
        limit.requestsPerSecond > 0 &&
        Number.isFinite(limit.requestsPerSecond)
      )) ||
    (limit.burst !== undefined && !(Number.isInteger(limit.burst) && (limit.burst as number) >= 1));
  if (bad)
    throw new UsageError(
      `${file}: rateLimit must be false or { requestsPerSecond?: number > 0, burst?: integer >= 1 }.`,
    );
}
