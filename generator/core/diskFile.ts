/**
 * A file of a previous output on disk, read only when its text is needed; and one kept as it is,
 * with the hash its manifest records. Shared by the stages that pass kept files along (the
 * snapshot reader, the cache, the plan) without reading them.
 */
import { readFileSync, type BigIntStats } from "node:fs";
import { decodeUtf8 } from "./decodeUtf8.js";

/** A file of the previous output. */
export interface DiskFile {
  /** Absolute path. */
  readonly path: string;
  readonly stats: BigIntStats;
  /**
   * True when the file is unchanged since it was verified to hash as its manifest records (the stat
   * cache): it is what this generator wrote, so it is not hashed again, and a snapshot file is
   * canonical UTF-8, read as it is. Other snapshot files are decoded under the one UTF-8 policy
   * (`decodeUtf8.ts`), a byte order mark kept as U+FEFF for the snapshot reader to report.
   */
  readonly verified: boolean;
}

/** The text of `file` (at `relative` in its output), decoded as described on `DiskFile`. */
export function readDiskFile(file: DiskFile, relative: string): string {
  if (!relative.startsWith("schemas/") || file.verified) return readFileSync(file.path, "utf8");
  const { text, bom } = decodeUtf8(readFileSync(file.path), file.path);
  return bom ? "\ufeff" + text : text;
}

/** A previous file kept as it is, with the hash its manifest records (verified). */
export interface KeptFile {
  disk: DiskFile;
  hash: string;
}
