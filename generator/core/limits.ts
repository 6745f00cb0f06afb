/**
 * Documented size caps on catalog input. Each is checked before the data is read or serialized
 * whole, and exceeding one fails the run as a GenerationError (exit 1) naming what and where,
 * never as a crash: JavaScript strings stop at about 512 MiB, so a larger snapshot could not be
 * written or read back anyway. (A single API response is capped at 64 MiB: `fetch/http.ts`.)
 */
import { printable } from "./diagnostics.js";
import { GenerationError } from "./errors.js";
import type { KeptFile } from "./diskFile.js";

/** One app's snapshot file (`schemas/<app>.json`), and any other file of the output. */
export const MAX_SNAPSHOT_FILE_BYTES = 128 * 1024 * 1024;
/** All snapshot files of a catalog together. */
export const MAX_CATALOG_BYTES = 512 * 1024 * 1024;

export const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

export function tooLarge(what: string, where: string, size: string, cap: number): GenerationError {
  return new GenerationError(
    "INPUT_TOO_LARGE",
    `${printable(where)}: ${what} is ${size}, more than the cap of ${mib(cap)}. Split the catalog (--apps) or remove the oversized entries; nothing was written.`,
  );
}

/** Fails when the catalog's snapshot texts together exceed MAX_CATALOG_BYTES. */
export function checkCatalogSize(
  texts: readonly (string | KeptFile)[],
  maxBytes = MAX_CATALOG_BYTES,
): void {
  // A file on disk counts its bytes, at least as many as its UTF-16 code units.
  const units = texts.reduce(
    (n, t) => n + (typeof t === "string" ? t.length : Number(t.disk.stats.size)),
    0,
  );
  if (units * 3 <= maxBytes) return;
  const bytes = texts.reduce(
    (n, t) => n + (typeof t === "string" ? Buffer.byteLength(t) : Number(t.disk.stats.size)),
    0,
  );
  if (bytes > maxBytes) throw tooLarge("the catalog", "all apps together", mib(bytes), maxBytes);
}
