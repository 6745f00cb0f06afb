/**
 * Cache files: small JSON files under `node_modules/.cache/refold-gen/` (the stat cache, the
 * compiled params). A cache is only a hint: a missing, unreadable or torn file reads as no cache.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { sha256 } from "./hash.js";
import { PACKAGE_ROOT } from "./paths.js";

/** Where the cache files of the output directory `outDir` start (`kind` names the file). */
export function cacheFileOf(outDir: string, kind: string): string {
  return path.join(
    PACKAGE_ROOT,
    "node_modules",
    ".cache",
    "refold-gen",
    `${sha256(path.resolve(outDir)).slice(0, 16)}${kind}`,
  );
}

/** A cache file's content; undefined when it is missing or unreadable (a cache is only a hint). */
export function readJsonCache<T>(file: string): Partial<T> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return value !== null && typeof value === "object" ? (value as Partial<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a cache file whole (a torn write reads as no cache), or nothing when it cannot. */
export function writeJsonCache(file: string, value: unknown): void {
  const temp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // No cache (read-only install, no node_modules): the next run does the work again.
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing was written, or it cannot be removed either.
    }
  }
}
