/**
 * Stage: format, fast path for app modules. Prettier is most of a cold generation's time, yet an
 * app module is a handful of regular shapes (an import, interfaces of one-line properties, doc
 * comments, the factory, one const). This prints those shapes exactly as prettier would, one
 * top-level statement at a time; any statement it does not recognise, or that would need a line
 * break prettier decides (a line over `printWidth`, an unusual string), is handed to prettier
 * itself. Only plain styles take this path (see `fastStyle`); every other config gets prettier for
 * the whole file. Tests check that prettier leaves the result unchanged, for several configs.
 */

export interface FastStyle {
  printWidth: number;
  indent: string;
  trailingComma: boolean;
}

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

/** The style for the fast path, or undefined when the resolved prettier config needs prettier. */
export function fastStyle(config: Record<string, unknown>): FastStyle | undefined {
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

/** A top-level statement as written by the emitter, and its canonical text when the fast path knows it. */
export interface Chunk {
  raw: string;
  fast?: string;
  /** A blank line stood before it in the raw text (prettier keeps one). */
  blankBefore: boolean;
}

/**
 * Splits the emitted module into top-level statements (each with its leading comments) and prints
 * the ones it recognises. Returns undefined when the text is not in the expected line shape at all.
 */
export function fastChunks(code: string, style: FastStyle): Chunk[] | undefined {
  const lines = code.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const chunks: Chunk[] = [];
  let i = 0;
  let blank = false;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      blank = chunks.length > 0;
      i++;
      continue;
    }
    const start = i;
    const comments: string[] = [];
    // Leading comments: `//` lines and doc blocks at column 0.
    while (i < lines.length && (lines[i]!.startsWith("//") || lines[i]!.startsWith("/**"))) {
      if (lines[i]!.startsWith("//")) comments.push(lines[i++]!.trimEnd());
      else {
        const end = blockEnd(lines, i);
        if (end < 0) return undefined;
        const doc = docBlock(lines.slice(i, end + 1), "");
        if (!doc) return undefined;
        comments.push(...doc);
        i = end + 1;
      }
    }
    const end = statementEnd(lines, i);
    if (end < 0) return undefined;
    const body = printStatement(lines.slice(i, end + 1), style);
    chunks.push({
      raw: lines.slice(start, end + 1).join("\n"),
      fast:
        body && fits([...comments, ...body], style) ? [...comments, ...body].join("\n") : undefined,
      blankBefore: blank,
    });
    blank = false;
    i = end + 1;
  }
  return chunks;
}

/** Joins formatted chunks the way prettier separates top-level statements. */
export function joinChunks(chunks: readonly { text: string; blankBefore: boolean }[]): string {
  return chunks
    .map((c, i) => (i > 0 && c.blankBefore ? "\n" : "") + c.text.replace(/\n+$/, "") + "\n")
    .join("");
}

/** Index of the line that closes the doc block starting at `start`. */
function blockEnd(lines: string[], start: number): number {
  for (let j = start; j < lines.length; j++) if (lines[j]!.includes("*/")) return j;
  return -1;
}

/** Index of the last line of the statement starting at `start`: a one-liner, or a block closed by `}` at column 0. */
function statementEnd(lines: string[], start: number): number {
  const first = lines[start];
  if (first === undefined) return -1;
  if (first.endsWith(";")) return start;
  if (!first.endsWith("{")) return -1;
  for (let j = start + 1; j < lines.length; j++) if (lines[j] === "}") return j;
  return -1;
}

/** A JSDoc block re-indented as prettier does: `/**`, ` * text`, ` *\/`, or one line `/** text *\/`. */
function docBlock(block: string[], indent: string): string[] | undefined {
  const first = block[0]!.trim();
  if (block.length === 1)
    return /^\/\*\*\s.*\s\*\/$/.test(first) && !first.slice(3, -2).includes("*/")
      ? [indent + first]
      : undefined;
  if (first !== "/**" || block.at(-1)!.trim() !== "*/") return undefined;
  const out = [indent + "/**"];
  for (const line of block.slice(1, -1)) {
    const t = line.trim();
    if (!t.startsWith("*")) return undefined;
    out.push(`${indent} ${t}`.trimEnd());
  }
  out.push(indent + " */");
  return out;
}

function printStatement(lines: string[], style: FastStyle): string[] | undefined {
  const first = lines[0]!;
  if (lines.length === 1) {
    if (first.startsWith("import ")) return printImport(first, style);
    const constant =
      /^(export const [A-Za-z_$][\w$]*: [A-Za-z_$][\w$]* =) ([A-Za-z_$][\w$]*\([A-Za-z_$][\w$]*\);)$/.exec(
        first,
      );
    if (!constant) return undefined;
    // Too long for one line: prettier breaks after `=`.
    return first.length <= style.printWidth ? [first] : [constant[1]!, style.indent + constant[2]!];
  }
  if (/^export interface [A-Za-z_$][\w$]* \{$/.test(first)) return printInterface(lines, style);
  if (/^export function [A-Za-z_$][\w$]*\(execute: Execute\): [A-Za-z_$][\w$]* \{$/.test(first))
    return printFactory(lines, style);
  return undefined;
}

/** `import { a, type B } from "x";` on one line when it fits, else one specifier per line. */
function printImport(line: string, style: FastStyle): string[] | undefined {
  const match = /^import \{ ((?:type )?[\w$]+(?:, (?:type )?[\w$]+)*) \} from ("[\w./-]+");$/.exec(
    line,
  );
  if (!match) return undefined;
  if (line.length <= style.printWidth) return [line];
  const names = match[1]!.split(", ");
  return [
    "import {",
    ...names.map(
      (n, k) => `${style.indent}${n}${k < names.length - 1 || style.trailingComma ? "," : ""}`,
    ),
    `} from ${match[2]};`,
  ];
}

/** Property lines that print the same in prettier: a plain key and a type of safe characters only. */
const PROPERTY = /^([A-Za-z_$][\w$]*)(\??): ([\w$ |()[\]{}:<>,."`-]+?);?$/;

function printInterface(lines: string[], style: FastStyle): string[] | undefined {
  const out = [lines[0]!];
  const members = lines.slice(1, -1);
  if (members.every((m) => m.trim() === "")) return [lines[0]!.slice(0, -1) + "{}"];
  for (let j = 0; j < members.length; j++) {
    const line = members[j]!.trim();
    if (line === "") return undefined;
    if (line.startsWith("/**")) {
      let end = j;
      while (end < members.length && !members[end]!.includes("*/")) end++;
      const doc = docBlock(members.slice(j, end + 1), style.indent);
      if (!doc) return undefined;
      out.push(...doc);
      j = end;
      continue;
    }
    const property = PROPERTY.exec(line);
    if (!property || !balancedType(property[3]!)) return undefined;
    out.push(...printProperty(`${property[1]}${property[2]}:`, property[3]!, style));
  }
  out.push("}");
  return out;
}

/**
 * `key: type;` on one line when it fits. A longer union is broken the way prettier breaks it:
 * one member per line after the key, or inside `(…)[]` for an array of a union.
 */
function printProperty(key: string, type: string, style: FastStyle): string[] {
  const i1 = style.indent;
  const i2 = i1 + i1;
  const line = `${i1}${key} ${type};`;
  if (line.length <= style.printWidth) return [line];
  const array = /^\((.*)\)\[\]$/.exec(type);
  const members = unionMembers(array ? array[1]! : type);
  if (members.length < 2) return [line];
  if (array) {
    // Inside `(…)[]` prettier first tries the whole union on one line of its own.
    const inner = `${i2}${members.join(" | ")}`;
    if (inner.length <= style.printWidth) return [`${i1}${key} (`, inner, `${i1})[];`];
    return [`${i1}${key} (`, ...members.map((m) => `${i2}| ${m}`), `${i1})[];`];
  }
  // Then the union on a line of its own, then one member per line.
  const inner = `${i2}${members.join(" | ")};`;
  if (inner.length <= style.printWidth) return [`${i1}${key}`, inner];
  return [
    `${i1}${key}`,
    ...members.map((m, k) => `${i2}| ${m}${k === members.length - 1 ? ";" : ""}`),
  ];
}

/** The members of a top-level union (`|` outside strings and brackets); one member when it is not a union. */
function unionMembers(type: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let k = 0; k < type.length; k++) {
    const c = type[k]!;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if ("([{<".includes(c)) depth++;
    else if (")]}>".includes(c)) depth--;
    else if (depth === 0 && type.startsWith(" | ", k)) {
      members.push(type.slice(start, k));
      start = k + 3;
      k += 2;
    }
  }
  members.push(type.slice(start));
  return members;
}

/** Template literals only as `${number}`, strings without escapes or single quotes. */
function balancedType(type: string): boolean {
  if (type.includes("`") && type.replace(/`\$\{number\}`/g, "").includes("`")) return false;
  return !/'|\\/.test(type);
}

/** `const action = bindApp(execute, "slug"); return { method: action("id", "kind"), … };` */
function printFactory(lines: string[], style: FastStyle): string[] | undefined {
  const body = lines.slice(1, -1).map((l) => l.trim());
  const [bind, open, ...rest] = body;
  const close = rest.pop();
  if (
    !bind ||
    !/^const action = bindApp\(execute, "[\w$.-]*"\);$/.test(bind) ||
    open !== "return {" ||
    close !== "};"
  )
    return undefined;
  const i1 = style.indent;
  const i2 = i1 + i1;
  if (rest.length === 0) return [lines[0]!, i1 + bind, `${i1}return {};`, "}"];
  const members: string[] = [];
  for (const [k, member] of rest.entries()) {
    const spec = /^([A-Za-z_$][\w$]*): action\(("[\w$.-]*"), ("(?:read|write)")\),$/.exec(member);
    if (!spec) return undefined;
    const comma = style.trailingComma || k < rest.length - 1 ? "," : "";
    const line = `${i2}${member.slice(0, -1)}${comma}`;
    // Too long for one line: prettier puts each argument on its own line.
    if (line.length <= style.printWidth) members.push(line);
    else
      members.push(
        `${i2}${spec[1]}: action(`,
        `${i2}${i1}${spec[2]},`,
        `${i2}${i1}${spec[3]}${style.trailingComma ? "," : ""}`,
        `${i2})${comma}`,
      );
  }
  return [lines[0]!, i1 + bind, `${i1}return {`, ...members, `${i1}};`, "}"];
}

/** Every code line fits the print width (comments are never wrapped by prettier). */
function fits(lines: string[], style: FastStyle): boolean {
  return lines.every((line) => {
    const t = line.trimStart();
    return (
      t.startsWith("*") ||
      t.startsWith("/**") ||
      t.startsWith("//") ||
      (line.length <= style.printWidth && /^[\x20-\x7e]*$/.test(line))
    );
  });
}
