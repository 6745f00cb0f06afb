/**
 * The one class of characters that never appear raw in generated source text or in a message:
 * C0 controls except tab, LF and CR (each place handles layout itself), DEL and C1 controls, line
 * and paragraph separators, bidi controls, every Default_Ignorable_Code_Point of Unicode 17
 * (zero-width characters, soft hyphen, variation selectors, Hangul fillers, tag characters…),
 * U+2800 (blank braille pattern), the interlinear annotation marks, and lone surrogates.
 * The generator imports it from here; this file imports nothing.
 */
export const UNSAFE_CHARACTER_CLASS: string =
  "[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c" +
  "\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f" +
  "\\u2800\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb\\u{1bca0}-\\u{1bca3}" +
  "\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}\\u{d800}-\\u{dfff}]";

/** A fresh global, Unicode-aware matcher of the class (fresh: a shared `g` regex keeps state). */
export function unsafeCharacters(): RegExp {
  return new RegExp(UNSAFE_CHARACTER_CLASS, "gu");
}

/** `\u{…}` for one code point (a lone surrogate included). */
export function codePointEscape(c: string): string {
  return `\\u{${c.codePointAt(0)!.toString(16)}}`;
}

/**
 * Remote text for a terminal or a log line: every character of the class, plus tab, LF and CR,
 * written as a visible `\u{…}` escape, so no escape sequence, bidi override or invisible
 * character reaches the reader raw.
 */
export function printable(text: string): string {
  return text.replace(NOT_PRINTABLE, codePointEscape);
}

// `replace` resets `lastIndex`, so one shared global regex is safe here.
const NOT_PRINTABLE = new RegExp(`${UNSAFE_CHARACTER_CLASS}|[\\t\\n\\r]`, "gu");
