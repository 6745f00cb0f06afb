/**
 * The stat cache: for each output directory, the size, modification time and inode of every file
 * verified to hash as its manifest records, keyed by the manifest's hash. A file whose stamp is the
 * recorded one is not hashed again, as git does for its index. `cache.ts` decides what to trust.
 */
import { readdirSync, readFileSync, statSync, type BigIntStats } from "node:fs";
import path from "node:path";
import { sha256 } from "../core/hash.js";
import { cacheFileOf, readJsonCache, writeJsonCache } from "../core/jsonCache.js";
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
