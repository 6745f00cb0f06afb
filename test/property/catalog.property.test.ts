// Property-based tests: random hostile catalogs through the generator stages.
//
// For any catalog: generation either succeeds or fails with a documented GenerationError code
// (never another exception); every emitted module parses and passes the gate; and generating
// twice (also from a shuffled copy) gives byte-identical text.
//
// Reproduce a failure with the seed (and path) fast-check prints:
//   FC_SEED=123 FC_PATH="4:1:0" npx vitest run test/property
// FC_RUNS overrides the number of cases (default 1000 for the in-memory property).
import { rmSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { Project } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { DOCUMENTED_FIELD_TYPES } from "../../catalog/source/types.js";
import { classifyCatalog } from "../../generator/model/classify.js";
import { compileParams } from "../../generator/emit/compileParams.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import { emitApp } from "../../generator/emit/emitApp.js";
import { printRaw } from "../../generator/emit/printAppModule.js";
import { emitIndex, INDEX_FUNCTIONS, INDEX_VARIABLES } from "../../generator/emit/emitIndex.js";
import { GenerationError } from "../../generator/core/errors.js";
import { createFormatter } from "../../generator/emit/format.js";
import { gate, gateAppModule } from "../../generator/emit/gate.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";
import { generateFrom, scratchDir } from "../hostile/helpers.js";

/** GenerationError codes a catalog may legitimately cause (see normalize.ts / names.ts). */
const DOCUMENTED_INPUT_ERRORS = new Set(["SNAPSHOT_INVALID"]);

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
const runs = Number(process.env.FC_RUNS ?? 1000);
const params = { seed, path: process.env.FC_PATH } as const;
// Printed up front too, so a timeout (not only an assertion) can be replayed.
console.log(`property tests: FC_SEED=${seed} (FC_RUNS=${runs})`);

// ---------------------------------------------------------------------------------------------
// Arbitraries

const HOSTILE_FRAGMENTS = [
  "*/",
  "/*",
  "//",
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  "\u0085",
  "\u202e",
  "\u2066",
  "\u200f",
  "\u0000",
  "\u001b[31m",
  "\u007f",
  '"',
  "'",
  "`",
  "\\",
  "${",
  "}",
  "@param",
  "{@link x}",
  "..",
  ".",
  "/",
  "%2F",
  "%2e",
  "?",
  "#",
  " ",
  "\t",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "then",
  "toString",
  "delete",
  "new",
  "class",
  "default",
  "await",
  "Record",
  "Promise",
  "1",
  "0x",
  "é",
  "e\u0301",
  "ｅ",
  "日本",
  "😀",
  "\ud800",
  "\udc00",
  "forAccount",
  "execute",
  "apps",
  "Params",
  "Actions",
  "create",
  "_",
  "-",
  "$",
  // Invisible and look-alike characters outside the bidi/zero-width set.
  "\u{e0001}",
  "\u{e0041}",
  "\u00ad",
  "\u034f",
  "\ufe0f",
  "\u17b4",
  "\u115f",
  "\u3164",
  "\uffa0",
  "\u2800",
  "\u009b",
  "toJSON",
  "to_j_s_o_n",
  "inspect",
  "asymmetricMatch",
  "$$typeof",
  "action",
  "with_optional",
  "Action",
  "WithOptional",
];
const RESERVED = [
  "delete",
  "new",
  "class",
  "default",
  "await",
  "yield",
  "let",
  "enum",
  "constructor",
  "__proto__",
  "then",
  "hasOwnProperty",
  "con",
  "Record",
  "Promise",
  "Error",
  "toJSON",
  "inspect",
  "action",
  "with_optional",
  ".",
  "..",
];

const name = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_FRAGMENTS), { minLength: 0, maxLength: 5 })
      .map((p) => p.join("")),
  },
  { weight: 2, arbitrary: fc.constantFrom(...RESERVED) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,12}$/) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);
/** Something that is not a string where a string belongs. */
const notAString = fc.oneof(
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const maybeName = fc.oneof({ weight: 9, arbitrary: name }, { weight: 1, arbitrary: notAString });
const text = fc.option(fc.oneof(name, fc.string({ maxLength: 30 })), { nil: undefined });

const optionValue = fc.oneof(
  name,
  fc.integer(),
  fc.double(), // includes NaN, ±Infinity, -0
  fc.constantFrom(1e20, 2 ** 53, -1e-7, 0.1),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const fieldType = fc.oneof(
  fc.constantFrom(
    // Every documented type, then near misses and undocumented ones.
    ...DOCUMENTED_FIELD_TYPES,
    "integer",
    "object",
    "Number",
    " TEXT ",
    "file",
    "__proto__",
    "constructor",
  ),
  name,
  notAString,
);
const field = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        name: maybeName,
        type: fieldType,
        required: fc.oneof(fc.boolean(), fc.constantFrom("yes", "true", 1, null)),
        multiple: fc.oneof(fc.boolean(), fc.constantFrom("yes", 0)),
        label: text,
        help_text: text,
        placeholder: text,
        options: fc.oneof(
          fc.array(fc.record({ name: maybeName, value: optionValue }, { requiredKeys: [] }), {
            maxLength: 6,
          }),
          notAString,
        ),
        tsType: fc.constantFrom("any; process.exit(1)", "never"),
        $ref: fc.constantFrom("http://127.0.0.1:1/x.json", "file:///etc/passwd", "#"),
        "x-extra": fc.jsonValue({ maxDepth: 4 }),
      },
      { requiredKeys: ["name"] },
    ),
  },
  { weight: 1, arbitrary: notAString },
);
const action = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        action_id: maybeName,
        name: text,
        description: text,
        parameters: fc.oneof(
          { weight: 8, arbitrary: fc.array(field, { maxLength: 6 }) },
          { weight: 1, arbitrary: notAString },
        ),
        meta: fc.jsonValue({ maxDepth: 5 }),
      },
      { requiredKeys: ["action_id", "parameters"] },
    ),
  },
  { weight: 1, arbitrary: notAString },
);
/** Nesting deep enough, now and then, to cross the depth bound. */
const nesting = fc
  .oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 8 }) },
    { weight: 1, arbitrary: fc.integer({ min: 60, max: 80 }) },
  )
  .map((depth) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  });
const app = fc.record(
  {
    app: fc.oneof(
      {
        weight: 20,
        arbitrary: fc.record(
          {
            // Mostly distinct (a numeric tail), sometimes raw: duplicate, empty, "..", non-string.
            slug: fc.oneof(
              { weight: 12, arbitrary: fc.tuple(name, fc.nat(9999)).map(([n, k]) => `${n}${k}`) },
              { weight: 2, arbitrary: name },
              { weight: 1, arbitrary: notAString },
            ),
            name: text,
            description: text,
            extra: nesting,
          },
          { requiredKeys: ["slug"] },
        ),
      },
      { weight: 1, arbitrary: notAString },
    ),
    actions: fc.oneof(
      { weight: 30, arbitrary: fc.array(action, { maxLength: 5 }) },
      { weight: 1, arbitrary: notAString },
    ),
  },
  { requiredKeys: ["app", "actions"] },
);
const catalog = fc.array(app, { minLength: 1, maxLength: 3 });

// ---------------------------------------------------------------------------------------------
// The in-memory pipeline (the stages generate() runs, minus the file system)

const project = new Project({ useInMemoryFileSystem: true });
let formatterPromise: ReturnType<typeof createFormatter> | undefined;

/** Module texts by file, or the GenerationError code. Formats (prettier) only when asked: it is the slow stage. */
async function stages(apps: unknown[], format: boolean): Promise<Map<string, string> | string> {
  try {
    const diagnostics = new Diagnostics();
    const normalized = apps.map((snapshot, i) =>
      normalizeApp(snapshot as never, `p/${i}.json`, diagnostics),
    );
    const named = classifyCatalog(nameCatalog(normalized));
    const files = new Map<string, string>();
    const formatter = format
      ? await (formatterPromise ??= createFormatter(process.cwd()))
      : undefined;
    for (const model of named.apps) {
      const file = `apps/${model.fileName}.ts`;
      const module = emitApp(model, await compileParams(model));
      let code = printRaw(module);
      if (formatter) code = await formatter.format(code, file);
      gateAppModule(file, code, module);
      files.set(file, code);
    }
    let index = emitIndex(project, named);
    if (formatter) index = await formatter.format(index, "index.ts");
    gate("index.ts", index, { functions: INDEX_FUNCTIONS, variables: INDEX_VARIABLES });
    files.set("index.ts", index);
    files.set("warnings", diagnostics.format().join("\n"));
    return files;
  } catch (error) {
    if (error instanceof GenerationError && DOCUMENTED_INPUT_ERRORS.has(error.code))
      return error.code;
    throw error;
  }
}

const clone = <T>(value: T): T => structuredClone(value);

describe("random catalogs (in-memory stages)", () => {
  it(`succeed or fail with a documented error; output passes the gate; two runs are byte-identical (${runs} cases)`, async () => {
    let n = 0;
    const tally: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(catalog, fc.boolean(), async (apps, reverse) => {
        const format = n++ % 25 === 0; // prettier on a sample: it dominates the cost
        const first = await stages(clone(apps), format);
        tally[typeof first === "string" ? first : "generated"] =
          (tally[typeof first === "string" ? first : "generated"] ?? 0) + 1;
        const again = await stages(clone(reverse ? [...apps].reverse() : apps), format);
        // Warnings follow input (file) order; the modules must not depend on it.
        const sorted = (r: Map<string, string> | string) =>
          typeof r === "string" || !reverse
            ? r
            : new Map(
                [...r].map(([k, v]) => [k, k === "warnings" ? v.split("\n").sort().join("\n") : v]),
              );
        expect(sorted(again)).toEqual(sorted(first));
      }),
      { ...params, numRuns: runs },
    );
    console.log(`in-memory outcomes: ${JSON.stringify(tally)}`);
    // The generator must not reject most catalogs: hostile input is mostly degraded, not refused.
    expect(tally.generated ?? 0).toBeGreaterThan(runs / 2);
  }, 240_000);
});

describe("random catalogs (full generate() to disk)", () => {
  const dir = scratchDir("property");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes byte-identical output twice, or writes nothing and fails with a documented error", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(catalog, async (apps) => {
        const outs = [0, 1].map((k) => path.join(dir, `${n}-${k}`));
        n++;
        const results = await Promise.allSettled(outs.map((out) => generateFrom(clone(apps), out)));
        if (results[0]!.status === "rejected") {
          const error = results[0]!.reason as unknown;
          if (!(error instanceof GenerationError) || !DOCUMENTED_INPUT_ERRORS.has(error.code))
            throw error;
          expect(results[1]!.status).toBe("rejected");
          return;
        }
        expect(results[1]!.status).toBe("fulfilled");
        const [a, b] = results.map(
          (r) => (r as PromiseFulfilledResult<{ files: Map<string, string> }>).value.files,
        );
        expect([...b!]).toEqual([...a!]);
        for (const out of outs) rmSync(out, { recursive: true, force: true });
      }),
      { ...params, numRuns: Number(process.env.FC_FULL_RUNS ?? 12) },
    );
  }, 240_000);
});
