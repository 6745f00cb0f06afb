// Property: the runtime validator accepts exactly what the generated params type accepts.
// Random fields (every kind, select options, multiple, required) and random JSON-ish values are
// turned into (a) the TypeScript type the generator writes for them (`fieldType`) and (b) the
// metadata the runtime validates with (`fieldKind`); one `tsc` program (strict) type-checks every
// sample, and its verdict per sample must equal the validator's.
//   FC_SEED=123 npx vitest run test/agents/validate.property.test.ts
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { stringLiteral } from "../../generator/core/escape.js";
import { fieldKind } from "../../generator/emit/emitMetadata.js";
import { fieldType } from "../../generator/model/fieldSchema.js";
import type { FieldModel } from "../../generator/core/model.js";
import { paramsIssues, type FieldMetadata } from "../../templates/runtime/index.js";

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
console.log(`validator property: FC_SEED=${seed}`);

const TYPES = [
  "text",
  "email",
  "number",
  "integer",
  "boolean",
  "json",
  "object",
  "map",
  "date",
  "select",
  "file",
];
const UNDEFINED = Symbol("undefined");

const scalar = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "a",
    "1",
    " 2",
    "1e3",
    "-3.5",
    "0x1F",
    "abc",
    "Infinity",
    "1_0",
    "x y",
    "b",
  ),
  fc.constantFrom(0, 1, -2.5, 1e21, 7),
  fc.boolean(),
  fc.constant(null),
  fc.constant(UNDEFINED),
);
const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 3, depthIdentifier: "v" },
    scalar,
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("k", "l", "m"), tie("v"), { maxKeys: 2 }),
  ),
})).v;

const fieldArb = fc.record({
  type: fc.constantFrom(...TYPES),
  required: fc.boolean(),
  multiple: fc.boolean(),
  options: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.uniqueArray(fc.constantFrom<string | number | boolean>("a", "b", 1, 7, true), {
        minLength: 1,
        maxLength: 3,
      }),
    },
  ),
});
type FieldSpec = typeof fieldArb extends fc.Arbitrary<infer T> ? T : never;

const STRINGS = fc.constantFrom<unknown>(
  "",
  " ",
  "a",
  "1",
  " 2",
  "1e3",
  "-3.5",
  "0x1F",
  "abc",
  "Infinity",
  "1_0",
);
const NUMBERS = fc.constantFrom<unknown>(0, 1, -2.5, 1e21, 7);
/** Values near the edge of what the field accepts, and anything else now and then. */
function itemFor(f: FieldSpec): fc.Arbitrary<unknown> {
  const likely =
    f.options !== undefined
      ? fc.oneof(
          fc.constantFrom<unknown>(...f.options),
          fc.constantFrom<unknown>("a", 1, true, "7"),
        )
      : ["number", "integer"].includes(f.type)
        ? fc.oneof(STRINGS, NUMBERS)
        : f.type === "boolean"
          ? fc.oneof(fc.boolean(), fc.constantFrom<unknown>("true", 0))
          : ["json", "object", "map", "file"].includes(f.type)
            ? value
            : STRINGS;
  return fc.oneof({ weight: 4, arbitrary: likely }, { weight: 1, arbitrary: value });
}
function valueFor(f: FieldSpec): fc.Arbitrary<unknown> {
  if (!f.multiple) return itemFor(f);
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(itemFor(f), { maxLength: 3 }) },
    { weight: 1, arbitrary: itemFor(f) },
  );
}

// One or two fields, each with a value aimed at its type; the second may be absent, and an unknown
// key is added now and then.
const sampleArb = fc.array(fieldArb, { minLength: 1, maxLength: 2 }).chain((fields) =>
  fc.record({
    fields: fc.constant(fields),
    values: fc.tuple(...fields.map(valueFor)),
    present: fc.tuple(fc.constant(true), fc.boolean()),
    extra: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  }),
);

/** A TS expression for a value (UNDEFINED → `undefined`). */
function literal(v: unknown): string {
  if (v === UNDEFINED || v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "string") return stringLiteral(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  return `{ ${Object.entries(v as object)
    .map(([k, x]) => `${stringLiteral(k)}: ${literal(x)}`)
    .join(", ")} }`;
}
const runtimeValue = (v: unknown): unknown =>
  v === UNDEFINED
    ? undefined
    : Array.isArray(v)
      ? v.map(runtimeValue)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, runtimeValue(x)]))
        : v;

function typeErrorsByLine(source: string): Set<number> {
  const options: ts.CompilerOptions = {
    types: [],
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile;
  host.getSourceFile = (name, lang) =>
    name === "/samples.ts" ? ts.createSourceFile(name, source, lang) : read(name, lang);
  const program = ts.createProgram(["/samples.ts"], options, host);
  const lines = new Set<number>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.file?.fileName !== "/samples.ts" || d.start === undefined)
      throw new Error(
        `unexpected diagnostic: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    lines.add(d.file.getLineAndCharacterOfPosition(d.start).line);
  }
  return lines;
}

describe("validator ≡ generated TypeScript type", () => {
  it("accepts exactly the samples tsc accepts", () => {
    const samples = fc.sample(sampleArb, { seed, numRuns: 1500 });
    const lines = [
      "type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };",
    ];
    const verdicts: { line: number; valid: boolean; text: string }[] = [];
    samples.forEach((s, i) => {
      const models: FieldModel[] = s.fields.map((f, j) => ({
        wireName: `f${j}`,
        type: f.type,
        required: f.required,
        multiple: f.multiple,
        ...(f.options ? { options: f.options.map((o) => ({ name: String(o), value: o })) } : {}),
      }));
      const metadata: FieldMetadata[] = models.map((m) => ({
        name: m.wireName,
        type: m.type,
        kind: fieldKind(m) as FieldMetadata["kind"],
        ...(m.required ? { required: true as const } : {}),
        ...(m.multiple ? { multiple: true as const } : {}),
        ...(m.options ? { options: m.options.map((o) => o.value) } : {}),
      }));
      const members = models.map((m) => `${m.wireName}${m.required ? "" : "?"}: ${fieldType(m)};`);
      lines.push(`interface P${i} { ${members.join(" ")} }`);
      const entries: [string, unknown][] = [];
      models.forEach((m, j) => {
        if (s.present[j]) entries.push([m.wireName, s.values[j]]);
      });
      if (s.extra) entries.push(["zz", 1]);
      const text = `{ ${entries.map(([k, v]) => `${k}: ${literal(v)}`).join(", ")} }`;
      lines.push(`const s${i}: P${i} = ${text};`);
      const params = Object.fromEntries(entries.map(([k, v]) => [k, runtimeValue(v)]));
      const action = { id: "a", method: "a", name: "A", kind: "read" as const, fields: metadata };
      verdicts.push({
        line: lines.length - 1,
        valid: paramsIssues(action, params).length === 0,
        text: `${lines[lines.length - 2]} ${lines[lines.length - 1]}`,
      });
    });
    const errors = typeErrorsByLine(lines.join("\n"));
    const disagreements = verdicts
      .filter((v) => v.valid === errors.has(v.line))
      .map(
        (v) =>
          `${v.valid ? "validator accepts, tsc rejects" : "validator rejects, tsc accepts"}: ${v.text}`,
      );
    expect(disagreements).toEqual([]);
    // Both verdicts occur, so the comparison is not vacuous.
    const accepted = verdicts.filter((v) => v.valid).length;
    console.log(`validator property: ${accepted} of ${verdicts.length} samples valid`);
    expect(accepted).toBeGreaterThan(verdicts.length / 5);
    expect(accepted).toBeLessThan(verdicts.length - verdicts.length / 5);
  }, 60_000);
});
