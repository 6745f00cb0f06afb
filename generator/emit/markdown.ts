/**
 * Escaping for Markdown (the reference docs): remote text is shown, never interpreted. Text has
 * every character that could start Markdown or HTML backslash-escaped (CommonMark lets any ASCII
 * punctuation be escaped), line breaks inside a table cell become `<br>`, and control, bidi and
 * zero-width characters are dropped. Code spans and fences are sized past any backtick run inside.
 */
import { unsafeCharacters } from "../../templates/runtime/unsafeChars.js";
import { plainLines } from "../core/escape.js";

/** The shared unsafe class (`templates/runtime/unsafeChars.ts`): dropped from the docs. */
const INVISIBLE = unsafeCharacters();
/**
 * ASCII punctuation that can start emphasis, links, autolinks, HTML, code, headings, lists, tables,
 * entities, math or mentions. (A `.` matters only after a number at the start: see `mdText`.)
 */
const SPECIAL = /[\\`*_{}[\]()<>#+\-!|~&=:$@]/g;

function clean(text: string): string {
  return plainLines(text).replace(INVISIBLE, "");
}

/** Inline text: one paragraph (line breaks become spaces). */
export function mdText(text: string): string {
  return clean(text)
    .replace(/\s*\n\s*/g, " ")
    .trim()
    .replace(SPECIAL, "\\$&")
    .replace(/^(\d+)\./, "$1\\.");
}

/** Text in a table cell: line breaks kept as `<br>`. */
export function mdCell(text: string): string {
  return clean(text)
    .split("\n")
    .map((line) => line.trim().replace(SPECIAL, "\\$&"))
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
    .join("<br>")
    .replace(/(<br>)+$/, "");
}

/** Paragraphs: blank lines kept, each line escaped. */
export function mdParagraphs(text: string): string {
  return clean(text)
    .split(/\n\s*\n/)
    .map((p) => mdText(p))
    .filter(Boolean)
    .join("\n\n");
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span; `inTable` also escapes `|`, which GFM reads as a cell border even in code. */
export function mdCode(text: string, inTable = false): string {
  let body = clean(text).replace(/\n/g, " ");
  if (inTable) body = body.replace(/\|/g, "\\|");
  const fence = "`".repeat(longestRun(body, "`") + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || body.startsWith(" ") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block whose fence no line of `code` can close. */
export function mdFence(code: string, lang: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(clean(code), "`") + 1));
  return `${fence}${lang}\n${clean(code)}\n${fence}`;
}
