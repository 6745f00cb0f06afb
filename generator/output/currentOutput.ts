/**
 * What is current: the output as it is when it is provably what a fresh run would write (every
 * file's bytes hash as the manifest records and the run key is this run's), checked with the stat
 * cache so that files untouched since they were last verified are not hashed again; and recording
 * the stamps of an output this process has just written. `cache.ts` decides when to ask.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { compareCodeUnits } from "../core/canonicalJson.js";
import { sha256 } from "../core/hash.js";
import { readJsonCache } from "../core/jsonCache.js";
import { parseManifest, type Manifest } from "./manifest.js";
import {
  recordFor,
  stamp,
  stampOf,
  statCacheFile,
  writeStatCache,
  type OutputSummary,
  type StatRecord,
} from "./statCache.js";
import type { OutputFiles } from "./outputFiles.js";
import { listOutputDir } from "./writeOutput.js";

/**
 * `<out>/manifest.json`: its stamp, and its text and parse, read on first use (the manifest is
 * undefined when the file is not a manifest).
 */
export interface RecordedManifest {
  stamp: string;
  readonly text: string;
  readonly manifest: Manifest | undefined;
}

export async function readManifestFile(outDir: string): Promise<RecordedManifest | undefined> {
  const manifestFile = path.join(outDir, "manifest.json");
  let manifestStamp: string;
  try {
    manifestStamp = stamp(manifestFile);
  } catch {
    return undefined;
  }
  let text: string | undefined;
  let parsed: { manifest: Manifest | undefined } | undefined;
  const read = () => (text ??= readFileSync(manifestFile, "utf8"));
  return {
    stamp: manifestStamp,
    get text() {
      return read();
    },
    get manifest() {
      return (parsed ??= { manifest: parseManifest(read()) }).manifest;
    },
  };
}

export interface CurrentOutput {
  /** What the run that wrote it reported: apps, actions and warnings. */
  summary: OutputSummary;
  /** Every output file, manifest included, as read (decoded on first use: most callers never look). */
  readonly files: Map<string, string>;
}

/**
 * The output directory as listed (nothing read), each file marked verified when its stamp is the
 * one the stat cache recorded for this very manifest; and that record.
 */
export interface OutputState {
  listed: OutputFiles;
  manifestHash: string;
  record?: StatRecord;
}

export async function readOutputState(
  outDir: string,
  recorded: RecordedManifest,
): Promise<OutputState> {
  const cached = readJsonCache<StatRecord>(statCacheFile(outDir));
  // The manifest is read and hashed only when its stamp is not the one recorded with its hash.
  const manifestHash =
    cached?.manifestStamp === recorded.stamp && typeof cached.manifest === "string"
      ? cached.manifest
      : sha256(recorded.text);
  const record = recordFor(cached, manifestHash);
  const listed = await listOutputDir(
    outDir,
    (file, stats) => record?.stamps[file] !== undefined && record.stamps[file] === stampOf(stats),
  );
  return { listed, manifestHash, record };
}

/**
 * The output as it is when it is provably current; undefined when the full pipeline must run.
 * The manifest must be one this generator wrote (or produced byte for byte) under this run key,
 * as the stat cache records: the manifest's own entries (names, warnings) are not checked here,
 * so a manifest the cache does not vouch for (edited, or from a fresh clone) leaves the answer to
 * the pipeline. Every other file's bytes must hash as the manifest records. Files whose size,
 * modification time and inode are those recorded when they were last verified are not hashed
 * again, as git does for its index; and when every file is as verified, the manifest is not even
 * parsed: the stat cache has the summary.
 */
export async function currentOutput(
  outDir: string,
  key: string,
  recorded?: RecordedManifest,
  state?: OutputState,
): Promise<CurrentOutput | undefined> {
  recorded ??= await readManifestFile(outDir);
  if (!recorded) return undefined;
  state ??= await readOutputState(outDir, recorded);
  const { listed, manifestHash, record } = state;
  if (record?.written !== true || record.key !== key) return undefined;
  const onDisk = [...listed.keys()].filter((f) => f !== "manifest.json").sort(compareCodeUnits);
  const verified = (file: string) => listed.disk(file)!.verified;
  if (allVerified(state) && record.summary) return current(outDir, onDisk, record.summary);
  const manifest = recorded.manifest;
  if (!manifest?.files || manifest.run?.key !== key) return undefined;
  if (onDisk.length !== Object.keys(manifest.files).length) return undefined;
  // Only files touched since they were last verified are hashed; the first mismatch ends the check.
  for (const file of onDisk) {
    if (verified(file)) continue;
    const want = manifest.files[file];
    if (want === undefined || sha256(readFileSync(path.join(outDir, file))) !== want)
      return undefined;
  }
  const summary = summaryOf(manifest);
  const stamps = Object.fromEntries(onDisk.map((f) => [f, stampOf(listed.disk(f)!.stats)]));
  writeStatCache(statCacheFile(outDir), {
    manifest: manifestHash,
    manifestStamp: recorded.stamp,
    stamps,
    key,
    summary,
    written: true,
  });
  return current(outDir, onDisk, summary);
}

/** Every listed file but the manifest is as the record verified it, and no other is recorded. */
export function allVerified({ listed, record }: OutputState): boolean {
  let count = 0;
  for (const file of listed.keys()) {
    if (file === "manifest.json") continue;
    if (!listed.disk(file)!.verified) return false;
    count++;
  }
  return count === Object.keys(record?.stamps ?? {}).length;
}

function current(outDir: string, onDisk: string[], summary: OutputSummary): CurrentOutput {
  let files: Map<string, string> | undefined;
  return {
    summary,
    get files() {
      files ??= new Map(
        [...onDisk, "manifest.json"]
          .sort(compareCodeUnits)
          .map((file) => [file, readFileSync(path.join(outDir, file), "utf8")]),
      );
      return files;
    },
  };
}

/** The summary of the output a manifest describes. */
export function summaryOf(manifest: Manifest): OutputSummary {
  const apps = Object.values(manifest.apps);
  return {
    apps: apps.length,
    actions: apps.reduce((n, a) => n + (a?.actions ?? 0), 0),
    warnings: manifest.warnings ?? [],
  };
}

/**
 * Records the stat stamps of an output this process has just written, or found byte for byte what
 * it would write (so the bytes are known to hash as its manifest says, and the manifest is this
 * run's), under the run key: the next unchanged run then skips hashing, and parsing the manifest. A file kept from the previous output was hard-linked into
 * the new one, so its stamp is the one listed before (if the link fell back to a copy, the next
 * run sees another stamp and hashes the file).
 */
export function rememberWrittenOutput(
  outDir: string,
  files: OutputFiles,
  key: string,
  summary: OutputSummary,
): void {
  const manifestText = files.get("manifest.json");
  if (manifestText === undefined) return;
  try {
    const stamps = Object.fromEntries(
      [...files.keys()]
        .filter((f) => f !== "manifest.json")
        .map((file) => {
          const kept = files.kept(file);
          return [file, kept ? stampOf(kept.disk.stats) : stamp(path.join(outDir, file))];
        }),
    );
    writeStatCache(statCacheFile(outDir), {
      manifest: sha256(manifestText),
      manifestStamp: stamp(path.join(outDir, "manifest.json")),
      stamps,
      key,
      summary,
      written: true,
    });
  } catch {
    // A file vanished or cannot be read: no cache, the next run hashes.
  }
}
