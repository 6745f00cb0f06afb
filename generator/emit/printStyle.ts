/**
 * The print style of emitted app modules. A plain prettier config (only `printWidth`, `tabWidth`,
 * `trailingComma` "all"/"none" and options at values that do not change how our shapes print)
 * maps to a `PrintStyle`, and the printer writes prettier's output itself; any other config gets
 * prettier over the whole file.
 */

export interface PrintStyle {
  printWidth: number;
  indent: string;
  trailingComma: boolean;
}

/** The unformatted form handed to prettier: nothing is ever broken to fit a width. */
export const RAW_STYLE: PrintStyle = { printWidth: Infinity, indent: "  ", trailingComma: true };

/** Options that do not change how our shapes print (or are at their defaults). */
const NEUTRAL: Readonly<Record<string, unknown>> = {
  semi: true,
  singleQuote: false,
  bracketSpacing: true,
  quoteProps: "as-needed",
  useTabs: false,
  arrowParens: "always",
  bracketSameLine: false,
  jsxSingleQuote: false,
  experimentalTernaries: false,
  experimentalOperatorPosition: "end",
  objectWrap: "preserve",
  embeddedLanguageFormatting: "auto",
  htmlWhitespaceSensitivity: "css",
  proseWrap: "preserve",
  singleAttributePerLine: false,
  vueIndentScriptAndStyle: false,
  insertPragma: false,
  requirePragma: false,
};

/** The style the printer can match, or undefined when the resolved prettier config needs prettier. */
export function plainStyle(config: Record<string, unknown>): PrintStyle | undefined {
  for (const [key, value] of Object.entries(config)) {
    if (
      key === "printWidth" ||
      key === "tabWidth" ||
      key === "trailingComma" ||
      key === "filepath" ||
      key === "parser"
    )
      continue;
    if (key === "endOfLine" && (value === "lf" || value === "auto")) continue;
    if (!(key in NEUTRAL) || NEUTRAL[key] !== value) return undefined;
  }
  const printWidth = config.printWidth ?? 80;
  const tabWidth = config.tabWidth ?? 2;
  const trailingComma = config.trailingComma ?? "all";
  if (config.parser !== undefined && config.parser !== "typescript") return undefined;
  if (!Number.isInteger(printWidth) || !Number.isInteger(tabWidth) || (tabWidth as number) < 1)
    return undefined;
  if (trailingComma !== "all" && trailingComma !== "none") return undefined;
  return {
    printWidth: printWidth as number,
    indent: " ".repeat(tabWidth as number),
    trailingComma: trailingComma === "all",
  };
}
