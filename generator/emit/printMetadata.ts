/**
 * A metadata module in its final form under a plain prettier config (`printStyle.ts`), so a cold
 * run does not hand 300 modules of one long string each to prettier. The module is fixed text
 * around one statement, `export const metadata: AppMetadata = JSON.parse(<literal>);`, which this
 * prints as prettier does: the string in the quotes that need fewer escapes (prettier's rule), the
 * call on one line when it fits the width, else its argument on a line of its own. Where prettier's
 * width count could differ from ours (non-ASCII text on a line that fits), or the fixed lines do
 * not fit the width, it returns undefined and prettier formats the module. Tests check the result is prettier's, across configs.
 */
import type { PrintStyle } from "./printStyle.js";

const HEAD = "export const metadata: AppMetadata = JSON.parse(";

/** `raw` is the module as `emitMetadata` writes it; undefined when prettier must decide. */
export function printMetadata(raw: string, style: PrintStyle): string | undefined {
  const start = raw.indexOf(HEAD);
  const end = raw.lastIndexOf(");\n");
  if (start < 0 || end < start || raw.slice(end) !== ");\n") return undefined;
  const literal = prettierQuotes(raw.slice(start + HEAD.length, end));
  if (literal === undefined) return undefined;
  const before = raw.slice(0, start);
  // Narrow widths make prettier break the import or the call's head: leave those to it.
  const widest = Math.max(
    HEAD.length,
    ...before
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\/\*\*)/.test(line)) // prettier never rewraps a comment
      .map((line) => line.length),
  );
  if (widest > style.printWidth) return undefined;
  const oneLine = `${HEAD}${literal});`;
  if (oneLine.length <= style.printWidth)
    return /[^\x20-\x7e]/.test(oneLine) ? undefined : `${before}${oneLine}\n`;
  return `${before}${HEAD}\n${style.indent}${literal}${style.trailingComma ? "," : ""}\n);\n`;
}

/**
 * Prettier's quotes for a double-quoted literal written by `stringLiteral` (every `"` inside is
 * escaped, and a backslash is only ever the start of an escape, never `\\`): double quotes unless
 * the text holds more `"` than `'`, then single quotes with `\"` unescaped and `'` escaped.
 */
export function prettierQuotes(literal: string): string | undefined {
  if (!/^".*"$/s.test(literal) || literal.includes("\\\\")) return undefined;
  const content = literal.slice(1, -1);
  const doubles = content.split('"').length - 1;
  const singles = content.split("'").length - 1;
  if (doubles <= singles) return literal;
  return `'${content.replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}
