/**
 * A metadata module in its final form under a plain prettier config (`printStyle.ts`), so a cold
 * run does not hand 300 modules of one long string each to prettier. The module is fixed text
 * around one statement, `export const metadata: AppMetadata = JSON.parse(<literal>);`; the emitter
 * hands over those parts (`metadataModule`), so nothing is re-parsed. This prints them as prettier
 * does: the string in the quotes that need fewer escapes (prettier's rule), the
 * call on one line when it fits the width, else its argument on a line of its own. Where prettier's
 * width count could differ from ours (non-ASCII text on a line that fits), or the fixed lines do
 * not fit the width, it returns undefined and prettier formats the module. Tests check the result is prettier's, across configs.
 */
import { METADATA_CALL, type MetadataModule } from "./emitMetadata.js";
import type { PrintStyle } from "./printStyle.js";

/** The module's final text; undefined when prettier must decide. */
export function printMetadata(module: MetadataModule, style: PrintStyle): string | undefined {
  const literal = prettierQuotes(module.literal);
  if (literal === undefined) return undefined;
  // Narrow widths make prettier break the import or the call's head: leave those to it.
  const widest = Math.max(
    METADATA_CALL.length,
    ...module.head
      .split("\n")
      .filter((line) => !/^\s*(\/\/|\/\*\*)/.test(line)) // prettier never rewraps a comment
      .map((line) => line.length),
  );
  if (widest > style.printWidth) return undefined;
  const oneLine = `${METADATA_CALL}${literal});`;
  if (oneLine.length <= style.printWidth)
    return /[^\x20-\x7e]/.test(oneLine) ? undefined : `${module.head}${oneLine}\n`;
  const comma = style.trailingComma ? "," : "";
  return `${module.head}${METADATA_CALL}\n${style.indent}${literal}${comma}\n);\n`;
}

/**
 * Prettier's quotes for a double-quoted literal written by `stringLiteral` (every `"` inside is
 * escaped, and a backslash is only ever the start of an escape, never `\\`): double quotes unless
 * the text holds more `"` than `'`, then single quotes with `\"` unescaped and `'` escaped.
 */
export function prettierQuotes(literal: string): string | undefined {
  if (literal.length < 2 || literal[0] !== '"' || literal.at(-1) !== '"') return undefined;
  if (literal.includes("\\\\")) return undefined;
  const content = literal.slice(1, -1);
  if (count(content, '"') <= count(content, "'")) return literal;
  return `'${content.replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

/** How many times `char` occurs in `text` (without splitting an 80 KiB literal into pieces). */
function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
}
