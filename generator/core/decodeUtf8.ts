/**
 * One decoding policy for catalog bytes, offline (snapshot files) and live (API responses) alike:
 * invalid UTF-8 fails the run naming the file or URL and the byte offset (decoding it to U+FFFD
 * would change wire names and could merge two fields into one); a UTF-8 byte order mark is
 * dropped with a warning naming where it was (byte 0).
 */
import { isUtf8 } from "node:buffer";
import { printable } from "./diagnostics.js";
import { GenerationError } from "./errors.js";

export interface DecodedText {
  text: string;
  /** True when a byte order mark at byte 0 was dropped. */
  bom: boolean;
}

/** The warning text for a dropped byte order mark (shared so both modes say the same). */
export const BOM_MESSAGE = "starts with a UTF-8 byte order mark (byte 0); it was ignored.";

export function decodeUtf8(bytes: Uint8Array, where: string): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const offset = bad + (bom ? 3 : 0);
    throw new GenerationError(
      "INVALID_UTF8",
      `${printable(where)}: invalid UTF-8 at byte ${offset} (0x${bytes[offset]!.toString(16).padStart(2, "0")}). Wire names must be exact, so the bytes are not replaced with U+FFFD; nothing was written.`,
    );
  }
  return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"), bom };
}

/** Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) length = 3;
    else if (b >= 0xf0 && b <= 0xf4) length = 4;
    else return i;
    // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
    const min = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    if (b === 0xed) max = 0x9f;
    if (b === 0xf4) max = 0x8f;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}
