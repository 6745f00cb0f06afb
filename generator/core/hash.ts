/** SHA-256 in hex: the one content hash of the generator (manifest, cache keys, stable name tags). */
import { createHash } from "node:crypto";

/** Strings are hashed as their UTF-8 bytes, so `sha256(text) === sha256(Buffer.from(text))`. */
export const sha256 = (data: string | Uint8Array): string =>
  createHash("sha256").update(data).digest("hex");

/** SHA-256 over several pieces in order, without joining them first (large file sets). */
export function sha256Of(pieces: Iterable<string | Uint8Array>): string {
  const hash = createHash("sha256");
  for (const piece of pieces) hash.update(piece);
  return hash.digest("hex");
}
