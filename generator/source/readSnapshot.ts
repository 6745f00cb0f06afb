/**
 * Source: the schema snapshot on disk (`<dir>/<file>.json`, one per app). Used offline and, after a
 * live fetch has written the snapshot, online too.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "../core/canonicalJson.js";
import { BOM_MESSAGE, decodeUtf8 } from "../core/decodeUtf8.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { printable } from "../core/diagnostics.js";
import { GenerationError } from "../core/errors.js";
import { MAX_CATALOG_BYTES, MAX_SNAPSHOT_FILE_BYTES, mib, tooLarge } from "../core/limits.js";
import type { WireAppSnapshot } from "../core/snapshot.js";
import { readDiskFile, type DiskFile } from "../core/diskFile.js";

export interface SnapshotFile {
  /** Path relative to the snapshot directory, for messages. */
  source: string;
  snapshot: WireAppSnapshot;
  /** The decoded text the snapshot was parsed from (absent for a live fetch). */
  text?: string;
  /** Problems found while reading it (a byte order mark), added to the run's warnings. */
  warnings?: Diagnostic[];
}

/** A snapshot file as read, before it is parsed. */
export interface SnapshotText {
  /** The file name within the snapshot directory. */
  name: string;
  /** Its path, for messages. */
  source: string;
  /** Its text (a file of the previous output that was verified is read on first use). */
  readonly text: string;
  warnings: Diagnostic[];
  /** The previous output's file, when the snapshot is read from there and it was verified. */
  disk?: DiskFile;
}

/** Files of a previous output holding the snapshot, by file name (see `cache.ts`). */
export type KnownSnapshots = (name: string) => DiskFile | undefined;

/** Reads and parses every `*.json` of `dir`. */
export async function readSnapshotDir(dir: string): Promise<SnapshotFile[]> {
  return (await readSnapshotTexts(dir)).map(parseSnapshot);
}

/**
 * Reads every `*.json` of `dir`, without parsing it. `known` gives the files of a previous output
 * that holds the snapshot (already listed and size-checked there): one verified against its
 * manifest is read only when its text is used.
 */
export async function readSnapshotTexts(
  dir: string,
  known?: KnownSnapshots,
): Promise<SnapshotText[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort(compareCodeUnits);
  } catch (error) {
    throw new GenerationError(
      "SNAPSHOT_MISSING",
      `No schema snapshot at ${dir} (${(error as NodeJS.ErrnoException).code}). Run with REFOLD_API_KEY set to fetch one.`,
    );
  }
  if (names.length === 0)
    throw new GenerationError(
      "SNAPSHOT_MISSING",
      `The schema snapshot at ${dir} holds no app (*.json).`,
    );
  const sizes = await Promise.all(
    names.map(async (name) => (known?.(name) ? 0 : (await stat(path.join(dir, name))).size)),
  );
  let total = 0;
  names.forEach((name, i) => {
    if (sizes[i]! > MAX_SNAPSHOT_FILE_BYTES)
      throw tooLarge(
        "the snapshot file",
        path.join(dir, name),
        mib(sizes[i]!),
        MAX_SNAPSHOT_FILE_BYTES,
      );
    total += sizes[i]!;
  });
  if (total > MAX_CATALOG_BYTES) throw tooLarge("the catalog", dir, mib(total), MAX_CATALOG_BYTES);
  return Promise.all(
    names.map(async (name): Promise<SnapshotText> => {
      const file = path.join(dir, name);
      const disk = known?.(name);
      if (disk?.verified) {
        // What this generator wrote, unchanged since: canonical, so read as it is, when needed.
        let text: string | undefined;
        return {
          name,
          source: file,
          warnings: [],
          disk,
          get text() {
            return (text ??= readDiskFile(disk, `schemas/${name}`));
          },
        };
      }
      // A known text is decoded by `readDiskFile`, which keeps a byte order mark as U+FEFF.
      const knownText = disk && readDiskFile(disk, `schemas/${name}`);
      const decoded =
        knownText !== undefined
          ? { text: knownText.replace(/^\ufeff/, ""), bom: knownText.startsWith("\ufeff") }
          : decodeUtf8(await readFile(file), file);
      const warnings: Diagnostic[] = decoded.bom
        ? [{ code: "byte-order-mark", message: `${file} ${BOM_MESSAGE}` }]
        : [];
      return { name, source: file, text: decoded.text, warnings };
    }),
  );
}

/** Parses a snapshot file read by `readSnapshotTexts`. */
export function parseSnapshot({ source, text, warnings }: SnapshotText): SnapshotFile {
  try {
    const snapshot = JSON.parse(text) as WireAppSnapshot;
    if (snapshot !== null && typeof snapshot === "object")
      for (const w of warnings) w.slug = slugOf(snapshot);
    return { source, snapshot, text, warnings };
  } catch (error) {
    throw new GenerationError(
      "SNAPSHOT_INVALID",
      `${printable(source)} is not valid JSON: ${printable((error as Error).message)}`,
    );
  }
}

function slugOf(snapshot: WireAppSnapshot): string | undefined {
  const slug: unknown = (snapshot as { app?: { slug?: unknown } }).app?.slug;
  return typeof slug === "string" ? slug : undefined;
}
