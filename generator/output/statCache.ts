/**
 * The stat cache: for each output directory, the size, modification time and inode of every file
 * verified to hash as its manifest records, keyed by the manifest's hash. A file whose stamp is the
 * recorded one is not hashed again, as git does for its index. `cache.ts` decides what to trust.
 */
import { readdirSync, readFileSync, statSync, writeFileSync, type BigIntStats } from "node:fs";
import path from "node:path";
import { sha256 } from "../core/hash.js";
import { cacheFileOf, readJsonCache, writeJsonCache } from "../core/jsonCache.js";
import { BUILT_SOURCES_FILE, FROM_BUILD, PACKAGE_ROOT } from "../core/paths.js";
import type { Diagnostic } from "../core/diagnostics.js";

/** Size, modification time and inode: what changes when a file is edited or replaced. */
export function stamp(file: string): string {
  return stampOf(statSync(file, { bigint: true }));
}

export function stampOf(s: BigIntStats): string {
  return `${s.size}:${s.mtimeNs}:${s.ino}`;
}

/**
 * The stat cache lives outside the output (which must stay byte-for-byte deterministic), under
 * `node_modules/.cache/refold-gen/`, one file per output directory. It is only an optimisation:
 * when missing or unreadable, files are hashed.
 */
export function statCacheFile(outDir: string, kind?: string): string {
  return cacheFileOf(outDir, `${kind ? "." + kind : ""}.json`);
}

/**
 * What the stat cache records for one output directory: the stamps of its files verified against
 * the manifest whose hash is `manifest`, and, once a run has found it current under a run key,
 * that key and the summary a current run reports (so the next one need not parse the manifest).
 */
export interface StatRecord {
  manifest: string;
  /** The manifest file's stamp when it was hashed: the same stamp, the same hash. */
  manifestStamp?: string;
  stamps: Record<string, string>;
  key?: string;
  summary?: OutputSummary;
  /**
   * True when this generator wrote that manifest itself, under `key` (not only found its files
   * intact): every entry in it is then what a run under `key` computes (see `cache.ts`).
   */
  written?: boolean;
}

/** What a run reports about an output: its apps and actions, and the warnings it recorded. */
export interface OutputSummary {
  apps: number;
  actions: number;
  warnings: Diagnostic[];
}

/** `cache` (a stat cache file's content) when it is a record for that manifest. */
export function recordFor(
  cache: Partial<StatRecord> | undefined,
  manifestHash: string,
): StatRecord | undefined {
  return cache?.manifest === manifestHash && cache.stamps && typeof cache.stamps === "object"
    ? (cache as StatRecord)
    : undefined;
}

export function writeStatCache(file: string, record: StatRecord): void {
  writeJsonCache(file, record);
}

/**
 * Hash of the `.ts` sources under `dir` (each file's relative path and text, in sorted order):
 * remembered beside the stat cache with the stamps of those files, so that while none changes,
 * a run stats them instead of reading them all.
 */
export function hashSources(dir: string): string {
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const stamps = sha256(
    files.map((f) => `${f}\0${stampOf(statSync(path.join(dir, f), { bigint: true }))}`).join("\n"),
  );
  const cacheFile = statCacheFile(dir, "sources");
  const cached = readJsonCache<{ stamps: string; hash: string }>(cacheFile);
  if (cached?.stamps === stamps && typeof cached.hash === "string") return cached.hash;
  const hash = sha256(
    files.map((f) => f + "\0" + readFileSync(path.join(dir, f), "utf8")).join("\0"),
  );
  writeJsonCache(cacheFile, { stamps, hash });
  return hash;
}

/** Source directories the build records the hash of, relative to the package root. */
const BUILT_SOURCES = ["generator", "templates/runtime"];

const sourceKey = (dir: string) => path.relative(PACKAGE_ROOT, dir).split(path.sep).join("/");

/**
 * The hash of the TypeScript sources under `dir` (see `hashSources`). Compiled code (`dist/`) takes
 * the hash the build recorded of the sources it was made from (`recordBuiltSources`), without
 * walking them: in an installed package the sources shipped beside the build are not what runs,
 * and in a checkout the bin runs the build only while it is newer than every source.
 */
export function sourcesHash(dir: string): string {
  if (FROM_BUILD) {
    const built = readJsonCache<Record<string, string>>(BUILT_SOURCES_FILE)?.[sourceKey(dir)];
    if (typeof built === "string") return built;
  }
  return hashSources(dir);
}

/** Run by the build (`npm run build`): records the hash of each source directory it compiled. */
export function recordBuiltSources(): void {
  const hashes = Object.fromEntries(
    BUILT_SOURCES.map((dir) => [dir, hashSources(path.join(PACKAGE_ROOT, dir))]),
  );
  writeFileSync(BUILT_SOURCES_FILE, JSON.stringify(hashes, null, 2) + "\n");
}
