/**
 * The stat cache: for each output directory, the size, modification time and inode of every file
 * verified to hash as its manifest records, keyed by the manifest's hash. A file whose stamp is the
 * recorded one is not hashed again, as git does for its index. `cache.ts` decides what to trust.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync, type BigIntStats } from "node:fs";
import path from "node:path";
import { sha256 } from "../core/hash.js";
import { PACKAGE_ROOT } from "../core/paths.js";

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
export function statCacheFile(outDir: string): string {
  return path.join(
    PACKAGE_ROOT,
    "node_modules",
    ".cache",
    "refold-gen",
    `${sha256(path.resolve(outDir)).slice(0, 16)}.json`,
  );
}

export const MANIFEST_STAMP_KEY = "\0manifest";

/**
 * The stat stamps verified against the manifest now in `outDir`, and that manifest's hash (under
 * MANIFEST_STAMP_KEY, for the caller to check against the manifest it reads); none when the stat
 * cache is for another manifest.
 */
export function verifiedStamps(outDir: string): Record<string, string> {
  let manifestHash: string;
  try {
    manifestHash = sha256(readFileSync(path.join(outDir, "manifest.json"), "utf8"));
  } catch {
    return {};
  }
  const stamps = readStatCache(statCacheFile(outDir), manifestHash);
  return stamps ? { ...stamps, [MANIFEST_STAMP_KEY]: manifestHash } : {};
}

export function readStatCache(
  file: string,
  manifestHash: string,
): Record<string, string> | undefined {
  try {
    const cache = JSON.parse(readFileSync(file, "utf8")) as {
      manifest?: string;
      stamps?: Record<string, string>;
    };
    return cache.manifest === manifestHash ? cache.stamps : undefined;
  } catch {
    return undefined;
  }
}

export function writeStatCache(
  file: string,
  manifestHash: string,
  stamps: Record<string, string>,
): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ manifest: manifestHash, stamps }));
  } catch {
    // No cache (read-only install, no node_modules): the next run hashes again.
  }
}
