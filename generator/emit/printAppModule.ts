/**
 * Prints an app module's model (`emitApp.ts`) statement by statement, in the form prettier gives
 * it under a plain config (`printStyle.ts`). A statement whose final form depends on a prettier
 * decision this printer does not make (a line over `printWidth` it does not know how to break,
 * a quoted key, a string that prettier may re-quote, non-ASCII text) comes back without `text`,
 * and its `raw` form goes to prettier. Tests check that prettier leaves the result unchanged.
 */
import { BANNER } from "../core/banner.js";
import { stringLiteral } from "../core/escape.js";
import type { AppModule, InterfaceModel, MemberModel, SpecModel } from "./emitApp.js";
import { RAW_STYLE, type PrintStyle } from "./printStyle.js";

/** A statement in its final text, or unbroken (`raw`) for prettier to format. */
export type PrintedStatement = { text: string } | { text?: undefined; raw: string };

type Printer = (style: PrintStyle) => string[] | undefined;

function printers(module: AppModule): Printer[] {
  return [
    (s) => printImport(module.imports, s),
    ...module.params.map(
      (p): Printer =>
        (s) =>
          printInterface(p, s),
    ),
    (s) => printInterface(module.actions, s),
    (s) => printSpecs(module.specs, s),
    (s) => printFactory(module.factory, module.specs.name, s),
    (s) => printInstance(module.instance, module.factory.name, s),
  ];
}

/** The module's statements after the banner, in order (one blank line between them). */
export function printStatements(module: AppModule, style: PrintStyle): PrintedStatement[] {
  return printers(module).map((print) => {
    const lines = print(style);
    return lines && fits(lines, style)
      ? { text: lines.join("\n") }
      : { raw: print(RAW_STYLE)!.join("\n") };
  });
}

/** Joins formatted statements under the banner, one blank line between them. */
export function joinStatements(texts: readonly string[]): string {
  const [first = "", ...rest] = texts.map((t) => t.replace(/\n+$/, ""));
  return `${BANNER}\n${[first, ...rest].join("\n\n")}\n`;
}

/** The whole module unbroken: prettier's input when the config is not plain. */
export function printRaw(module: AppModule): string {
  return joinStatements(printers(module).map((print) => print(RAW_STYLE)!.join("\n")));
}

/** A JSDoc block as prettier keeps it: one line `/** text *\/` or `/**`, ` * line`…, ` *\/`. */
function docLines(doc: readonly string[] | undefined, indent: string): string[] {
  if (!doc || doc.length === 0) return [];
  if (doc.length === 1) return [`${indent}/** ${doc[0]} */`];
  return [`${indent}/**`, ...doc.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}

/** `import { a, type B } from "x";` on one line when it fits, else one specifier per line. */
function printImport(imports: AppModule["imports"], style: PrintStyle): string[] {
  const names = [...imports.values, ...imports.types.map((t) => `type ${t}`)];
  const from = `from ${stringLiteral(imports.specifier)};`;
  const line = `import { ${names.join(", ")} } ${from}`;
  if (line.length <= style.printWidth) return [line];
  return ["import {", ...list(names, style.indent, style.trailingComma), `} ${from}`];
}

/** Items one per line, comma-separated, the last one's comma per `trailingComma`. */
function list(items: readonly string[], indent: string, trailingComma: boolean): string[] {
  return items.map((n, k) => `${indent}${n}${k < items.length - 1 || trailingComma ? "," : ""}`);
}

/** Keys prettier prints as they are (quoted keys follow its quoteProps rules: left to prettier). */
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;
/** Types made of characters whose printing prettier does not change. */
const PLAIN_TYPE = /^[\w$ |()[\]{}:<>,."`-]+$/;

function printInterface(model: InterfaceModel, style: PrintStyle): string[] | undefined {
  const head = `export interface ${model.name} {`;
  const out = docLines(model.doc, "");
  if (model.members.length === 0) return [...out, `export interface ${model.name} {}`];
  out.push(head);
  for (const member of model.members) {
    const lines = printMember(member, style);
    if (!lines) return undefined;
    out.push(...docLines(member.doc, style.indent), ...lines);
  }
  out.push("}");
  return out;
}

function printMember(member: MemberModel, style: PrintStyle): string[] | undefined {
  if (style !== RAW_STYLE && (!PLAIN_KEY.test(member.key) || !plainType(member.type)))
    return undefined;
  return printProperty(`${member.key}${member.optional ? "?" : ""}:`, member.type, style);
}

/** Template literals only as `${number}`, strings without escapes or single quotes. */
function plainType(type: string): boolean {
  if (!PLAIN_TYPE.test(type)) return false;
  if (type.includes("`") && type.replace(/`\$\{number\}`/g, "").includes("`")) return false;
  return true;
}

/**
 * `key: type;` on one line when it fits. A longer union is broken the way prettier breaks it:
 * one member per line after the key, or inside `(…)[]` for an array of a union.
 */
function printProperty(key: string, type: string, style: PrintStyle): string[] {
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

/** `export const xSpecs: ActionSpecs<XActions> = { method: ["action_id", "kind"], … };` */
function printSpecs(specs: AppModule["specs"], style: PrintStyle): string[] | undefined {
  const head = `export const ${specs.name}: ActionSpecs<${specs.typeName}> =`;
  const doc = docLines(specs.doc, "");
  if (specs.entries.length === 0) return [...doc, `${head} {};`];
  // Prettier keeps `= {` on the declaration line; a longer head is left to it.
  if (style !== RAW_STYLE && head.length + 2 > style.printWidth) return undefined;
  const lines = [...doc, `${head} {`];
  for (const [k, entry] of specs.entries.entries()) {
    const entryLines = printSpec(entry, k === specs.entries.length - 1, style);
    if (!entryLines) return undefined;
    lines.push(...entryLines);
  }
  return [...lines, "};"];
}

/** Strings prettier prints unchanged: double-quoted, no escapes, no single quotes. */
const PLAIN_STRING = /^"[^"'\\]*"$/;

/** `method: ["action_id", "kind"],`, or the array one element per line when too long. */
function printSpec(spec: SpecModel, last: boolean, style: PrintStyle): string[] | undefined {
  const i1 = style.indent;
  const i2 = i1 + i1;
  const id = stringLiteral(spec.actionId);
  if (style !== RAW_STYLE && (!PLAIN_KEY.test(spec.method) || !PLAIN_STRING.test(id)))
    return undefined;
  const comma = style.trailingComma || !last ? "," : "";
  const line = `${i1}${spec.method}: [${id}, "${spec.kind}"]${comma}`;
  if (line.length <= style.printWidth) return [line];
  return [
    `${i1}${spec.method}: [`,
    `${i2}${id},`,
    `${i2}"${spec.kind}"${style.trailingComma ? "," : ""}`,
    `${i1}]${comma}`,
  ];
}

/**
 * `export const createXActions: AppFactory<XActions> = appFactory("slug", xSpecs);`, broken as
 * prettier's fluid assignment layout breaks it: the arguments one per line when the line still
 * reaches `appFactory(`, else after `=`.
 */
function printFactory(
  factory: AppModule["factory"],
  specsName: string,
  style: PrintStyle,
): string[] | undefined {
  const slug = stringLiteral(factory.slug);
  if (style !== RAW_STYLE && !PLAIN_STRING.test(slug)) return undefined;
  const left = `export const ${factory.name}: AppFactory<${factory.typeName}> =`;
  const doc = docLines(factory.doc, "");
  const call = `appFactory(${slug}, ${specsName});`;
  if (`${left} ${call}`.length <= style.printWidth) return [...doc, `${left} ${call}`];
  const i1 = style.indent;
  if (`${left} appFactory(`.length <= style.printWidth)
    return [
      ...doc,
      `${left} appFactory(`,
      `${i1}${slug},`,
      `${i1}${specsName}${style.trailingComma ? "," : ""}`,
      ");",
    ];
  return [...doc, left, `${i1}${call}`];
}

/** `export const x: XActions = createXActions(defaultExecute);`, broken after `=` when too long. */
function printInstance(
  instance: AppModule["instance"],
  factory: string,
  style: PrintStyle,
): string[] {
  const left = `export const ${instance.name}: ${instance.typeName} =`;
  const right = `${factory}(defaultExecute);`;
  const doc = docLines(instance.doc, "");
  const line = `${left} ${right}`;
  return line.length <= style.printWidth
    ? [...doc, line]
    : [...doc, left, `${style.indent}${right}`];
}

/** Every code line fits the print width and is plain ASCII (comments are never wrapped). */
function fits(lines: string[], style: PrintStyle): boolean {
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
