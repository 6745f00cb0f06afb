/**
 * Escaping by construction: every piece of remote text that reaches generated code passes through
 * exactly one of these, chosen by where it lands:
 *
 * - `stringLiteral`: a double-quoted string literal (slugs and action ids passed to `execute`,
 *   select option values in types, quoted property keys);
 * - `propertyKey`: a property name in an interface (the wire name, byte for byte);
 * - `docText` / `docCode`: text inside a JSDoc block (labels, descriptions, names).
 *
 * Identifiers are never escaped: they are built from scratch in `names.ts` and only ever contain
 * ASCII letters, digits and `_`. No remote text is ever written into a `//` comment.
 */
import { codePointEscape, unsafeCharacters } from "../../templates/runtime/unsafeChars.js";

/** The shared unsafe class (see `templates/runtime/unsafeChars.ts`): never raw in source text. */
const UNSAFE_IN_SOURCE = unsafeCharacters();
/** A UTF-16 surrogate without its partner: not well-formed Unicode, unencodable as UTF-8 or in a URL. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything outside printable ASCII: escaped in a literal whose text is not in NFC. */
const NON_ASCII = /[^\u0020-\u007e]/gu;

/** True when `text` has no lone surrogate (what `encodeURIComponent` and UTF-8 need). */
export function isWellFormed(text: string): boolean {
  LONE_SURROGATE.lastIndex = 0;
  return !LONE_SURROGATE.test(text);
}

/** `text` with each lone surrogate replaced by U+FFFD, as a UTF-8 encoder would write it. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

/** Well-formed `text` with every line break (CR, CRLF, NEL, U+2028/9) as `\n` and tabs as spaces. */
export function plainLines(text: string): string {
  return toWellFormed(text)
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, "\n")
    .replace(/\t/g, " ");
}

/**
 * A double-quoted string literal denoting exactly `text` (lone surrogates included). Quotes and
 * C0 controls are escaped by JSON; backslashes and every character of the unsafe class become
 * `\uXXXX` / `\u{…}` escapes, so the source text holds none of them raw. A text that is not in
 * NFC (`e` + U+0301 instead of `é`) has every non-ASCII character escaped, so two spellings that
 * render alike never look alike in source.
 */
export function stringLiteral(text: string): string {
  const json = JSON.stringify(text);
  // Printable ASCII holds no unsafe character and is in NFC: only backslashes are rewritten. (A
  // metadata module's literal is one such string of some 80 KiB per app.)
  const escaped = PRINTABLE_ASCII.test(json)
    ? json
    : json.replace(text.normalize("NFC") === text ? UNSAFE_IN_SOURCE : NON_ASCII, unicodeEscape);
  // A backslash is written `\u005c`, so no escape is ever followed by another backslash: ts-morph's
  // code writer reads `"\\"` as an escaped quote, loses track of the string and would then treat
  // a later `/*` inside a literal as a comment (and "close" it with a stray `*\/`). In JSON text
  // every backslash starts an escape and only `\\` ends in one, so each `\\` found left to right
  // is an escaped backslash.
  return escaped.includes("\\\\") ? escaped.replaceAll("\\\\", "\\u005c") : escaped;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A property key: bare when it is a plain ASCII identifier, otherwise a string literal. */
export function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__"
    ? name
    : stringLiteral(name);
}

/**
 * Text for a JSDoc block: lines separated by `\n` only, no `*\/` that could close the comment and
 * no `/*` that could look like one, no control, bidi, zero-width or lone-surrogate characters, no
 * `@` that would start a tag. Blank runs collapse; the result is trimmed.
 */
export function docText(text: string): string {
  return (
    plainLines(text)
      .normalize("NFC")
      .replace(UNSAFE_IN_SOURCE, "")
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

/** `\uXXXX` for a BMP character (lone surrogates included), `\u{…}` beyond. */
function unicodeEscape(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? codePointEscape(c) : "\\u" + code.toString(16).padStart(4, "0");
}
