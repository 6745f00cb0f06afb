/**
 * Escaping by construction: every piece of remote text that reaches generated code passes through
 * exactly one of these, chosen by where it lands.
 */

/** Line terminators and bidirectional controls (Trojan Source) that must never reach source text raw. */
const UNSAFE_IN_SOURCE = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** A double-quoted string literal; non-ASCII-safe characters as `\uXXXX` escapes. */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(UNSAFE_IN_SOURCE, unicodeEscape);
}

/** A property key: bare when it is a plain identifier, otherwise a string literal. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__"
    ? name
    : stringLiteral(name);
}

/**
 * Text for a JSDoc block: lines separated by `\n` only, no `*\/` that could close the comment, no
 * control or bidi characters, no `@` that would start a tag. Blank runs collapse.
 */
export function docText(text: string): string {
  return (
    text
      .replace(/\r\n?|[\u2028\u2029]/g, "\n")
      .replace(UNSAFE_IN_SOURCE, "")
      .replace(CONTROL, "")
      .replace(/\*\//g, "*\u2215")
      .replace(/\/\*/g, "\u2215*")
      // `@` opening a line or an inline tag would start a JSDoc tag; mid-word (`a@b.com`) it is plain text.
      .replace(/(^|[\s{])@/gm, "$1\uff20")
      .split("\n")
      .map((line) => line.trimEnd())
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** Inline code in a doc comment: backticks removed so the span cannot be broken out of. */
export function docCode(text: string): string {
  return "`" + docText(text).replace(/`/g, "'").replace(/\n/g, " ") + "`";
}

function unicodeEscape(c: string): string {
  return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
}
