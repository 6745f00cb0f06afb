/**
 * The formatter config of a run, without loading prettier when it provably has not changed.
 *
 * prettier finds its config by looking, from the output directory up to the root, for files of a
 * few known names (`.prettierrc*`, `prettier.config.*`, `package.json`, `package.yaml`). After a
 * config was resolved and checked, the stamps (size, modification time, inode) of every such file
 * in those directories are recorded with it, beside the stat cache. A later run whose stamps are the
 * same, under the same prettier version, uses the recorded config; any other run asks prettier.
 *
 * Only configs that are plain data are recorded: none at all, or a JSON file (or `package.json`
 * key) that names no plugin. A config in code, in YAML or TOML (which may name a shared config
 * package), or with plugins depends on more than these files, so prettier resolves it every run.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { resolvePrettierConfig, type PrettierConfig } from "../emit/prettierConfig.js";
import { libraryVersions } from "./runKey.js";
import { readJsonCache, writeJsonCache } from "../core/jsonCache.js";
import { stampOf, statCacheFile } from "./statCache.js";

/** Every name prettier 3 looks for, and any it may add under the same prefixes. */
const CONFIG_NAME = /^(\.prettierrc(\..+)?|prettier\.config\..+|package\.(json|ya?ml))$/;

/** The names prettier 3 looks for, in every directory from the file up (its config searcher). */
const PRETTIER_CONFIG_NAMES = [
  "package.json",
  "package.yaml",
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.yml",
  ".prettierrc.yaml",
  ".prettierrc.json5",
  ".prettierrc.js",
  "prettier.config.js",
  ".prettierrc.ts",
  "prettier.config.ts",
  ".prettierrc.mjs",
  "prettier.config.mjs",
  ".prettierrc.mts",
  "prettier.config.mts",
  ".prettierrc.cjs",
  "prettier.config.cjs",
  ".prettierrc.cts",
  "prettier.config.cts",
  ".prettierrc.toml",
];

/** Config file names whose whole content is plain JSON data. */
const JSON_CONFIGS = new Set([
  "package.json",
  ".prettierrc",
  ".prettierrc.json",
  ".prettierrc.json5",
]);

interface Recorded {
  prettier: string;
  stamps: Record<string, string>;
  config: PrettierConfig;
}

/** The config prettier would resolve for `<outDir>/index.ts` (checked: see `prettierConfig.ts`). */
export async function formatterConfig(outDir: string): Promise<PrettierConfig> {
  const dir = path.resolve(outDir);
  const cacheFile = statCacheFile(dir, "prettier");
  const version = libraryVersions().prettier!;
  const stamps = configStamps(dir);
  const recorded = readJsonCache<Recorded>(cacheFile);
  if (
    recorded?.prettier === version &&
    recorded.config?.version === version &&
    sameStamps(recorded.stamps, stamps)
  )
    return recorded.config;
  const config = await resolvePrettierConfig(dir);
  if (config.version === version && isPlainData(config.file))
    writeJsonCache(cacheFile, { prettier: version, stamps, config } satisfies Recorded);
  return config;
}

/** The stamp of every file that could hold a prettier config for files in `dir`, by path. */
export function configStamps(dir: string): Record<string, string> {
  const stamps: Record<string, string> = {};
  for (let at = dir; ; at = path.dirname(at)) {
    let names: string[];
    try {
      names = readdirSync(at).filter((n) => CONFIG_NAME.test(n));
    } catch {
      // Not there (yet), or not listable: prettier may still find a config there by its name, so
      // every name it looks for is stamped ("none" when absent).
      names = PRETTIER_CONFIG_NAMES;
    }
    for (const name of [...names].sort()) {
      const file = path.join(at, name);
      try {
        stamps[file] = stampOf(statSync(file, { bigint: true }));
      } catch (error) {
        stamps[file] = (error as NodeJS.ErrnoException).code === "ENOENT" ? "none" : "unreadable";
      }
    }
    if (path.dirname(at) === at) return stamps;
  }
}

function sameStamps(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (!a || typeof a !== "object") return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}

/** True when the config `file` (if any) is plain JSON data naming no plugin. */
function isPlainData(file: string | null): boolean {
  if (file === null) return true;
  if (!JSON_CONFIGS.has(path.basename(file))) return false;
  try {
    const text = readFileSync(file, "utf8");
    const value: unknown = JSON.parse(text);
    const config =
      path.basename(file) === "package.json" ? (value as { prettier?: unknown })?.prettier : value;
    return (
      config !== null &&
      typeof config === "object" &&
      !Array.isArray(config) &&
      !JSON.stringify(config).includes('"plugins"')
    );
  } catch {
    return false;
  }
}
