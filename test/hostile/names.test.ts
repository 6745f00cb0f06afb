// given/want tables for names.ts: identifiers, file names, collisions and the catalog-level checks.
import { describe, expect, it } from "vitest";
import { GenerationError } from "../../generator/core/errors.js";
import {
  fileNameFor,
  identifierFor,
  isReservedAppName,
  isReservedMethodName,
  MAX_IDENTIFIER_LENGTH,
  nameCatalog,
  shortHash,
  words,
} from "../../generator/model/names.js";
import { bindingsOf } from "../../generator/output/manifest.js";
import type { NormalizedApp } from "../../generator/model/normalize.js";
import {
  exportedNames,
  INDEX_DECLARED_NAMES,
  RUNTIME_NAMES,
} from "../../generator/model/runtimeNames.js";

const appName = (wire: string) => identifierFor(wire, "app", "App", isReservedAppName);
const methodName = (wire: string) => identifierFor(wire, "action", "Action", isReservedMethodName);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

describe("words", () => {
  const table: [string, string[]][] = [
    ["create_contact", ["create", "contact"]],
    ["createContact", ["create", "contact"]],
    ["HTTPRequest", ["http", "request"]],
    ["café", ["cafe"]],
    ["cafe\u0301", ["cafe"]],
    ["ｃａｆｅ", ["cafe"]],
    ["日本", ["u65e5", "u672c"]],
    ["a\u202eb", ["a", "b"]],
    ["*/", []],
    ["😀", []],
  ];
  it.each(table)("%j", (given, want) => expect(words(given)).toEqual(want));
});

describe("app identifiers (module-level consts and client properties)", () => {
  const table: [string, string][] = [
    ["google_drive", "googleDrive"],
    ["delete", "deleteApp"],
    ["new", "newApp"],
    ["class", "classApp"],
    ["default", "defaultApp"],
    ["await", "awaitApp"],
    ["yield", "yieldApp"],
    ["let", "letApp"],
    ["eval", "evalApp"],
    ["arguments", "argumentsApp"],
    ["undefined", "undefinedApp"],
    ["constructor", "constructorApp"],
    ["hasOwnProperty", "hasOwnPropertyApp"],
    ["then", "thenApp"],
    ["__proto__", "proto"],
    ["console", "consoleApp"],
    ["globalThis", "globalThisApp"],
    ["forAccount", "forAccountApp"],
    ["execute", "executeApp"],
    ["close", "closeApp"],
    ["defaultExecute", "defaultExecuteApp"],
    ["Record", "record"],
    ["Promise", "promise"],
    ["3d_print", "_3dPrint"],
    ["123", "_123"],
    ["日本", "u65e5U672C"],
  ];
  it.each(table)("%j → %s", (given, want) => {
    expect(appName(given)).toBe(want);
    expect(appName(given)).toMatch(IDENTIFIER);
  });

  it("empty and symbol-only names get a fallback tagged with a hash of the wire name", () => {
    for (const wire of ["", "!!!", "*/", "😀", "\u202e"]) {
      expect(appName(wire)).toBe(`app${shortHash(wire)}`);
      expect(methodName(wire)).toBe(`action${shortHash(wire)}`);
    }
  });

  it("very long names are cut and tagged, so they stay bounded and distinct", () => {
    const a = appName("a".repeat(5000));
    const b = appName("a".repeat(4999));
    expect(a.length).toBe(MAX_IDENTIFIER_LENGTH);
    expect(a).not.toBe(b);
    expect(a).toMatch(IDENTIFIER);
  });
});

describe("method identifiers (property names: reserved words are fine, prototype members are not)", () => {
  const table: [string, string][] = [
    ["delete", "delete"],
    ["new", "new"],
    ["default", "default"],
    ["constructor", "constructorAction"],
    ["hasOwnProperty", "hasOwnPropertyAction"],
    ["toString", "toStringAction"],
    ["valueOf", "valueOfAction"],
    ["then", "thenAction"],
    ["__proto__", "proto"],
    ["2fa_reset", "_2faReset"],
    ["to_j_s_o_n", "toJSONAction"],
    ["inspect", "inspectAction"],
    ["asymmetric_match", "asymmetricMatchAction"],
  ];
  it.each(table)("%j → %s", (given, want) => expect(methodName(given)).toBe(want));
});

describe("file names", () => {
  const table: [string, string][] = [
    ["hubspot", "hubspot"],
    ["google_drive", "google_drive"],
    ["zen-desk", "zen-desk"],
    ["HubSpot", `hub_spot-${shortHash("HubSpot")}`],
    ["../../etc/passwd", `etc_passwd-${shortHash("../../etc/passwd")}`],
    ["a/b", `a_b-${shortHash("a/b")}`],
    ["%2F", `2_f-${shortHash("%2F")}`],
    ["con", `con-${shortHash("con")}`],
    ["lpt1", `lpt1-${shortHash("lpt1")}`],
    ["a b", `a_b-${shortHash("a b")}`],
    ["q?x#y", `q_x_y-${shortHash("q?x#y")}`],
    ["😀", `app-${shortHash("😀")}`],
  ];
  it.each(table)("%j → %s", (given, want) => {
    expect(fileNameFor(given)).toBe(want);
    expect(fileNameFor(given)).toMatch(
      /^[a-z0-9][a-z0-9_-]{0,63}$|^[a-z0-9_]{1,40}-[0-9a-f]{8}$|^app-[0-9a-f]{8}$/,
    );
  });
});

describe("nameCatalog", () => {
  const normalized = (slug: string, actionIds: string[] = [], source?: string): NormalizedApp => ({
    slug,
    name: slug,
    actions: actionIds.map((actionId) => ({ actionId, name: actionId, fields: [] })),
    snapshot: {} as never,
    source,
  });

  it("slugs that collide after case conversion or normalisation get distinct properties and files", () => {
    const catalog = nameCatalog(
      ["HubSpot", "hubspot", "hub_spot", "café", "cafe\u0301", "ｃａｆｅ"].map((s) =>
        normalized(s),
      ),
    );
    const props = catalog.apps.map((a) => a.propertyName);
    const files = catalog.apps.map((a) => a.fileName.toLowerCase());
    expect(new Set(props).size).toBe(props.length);
    expect(new Set(files).size).toBe(files.length);
    expect(new Set(catalog.apps.map((a) => a.typeName)).size).toBe(props.length);
  });

  it("is deterministic whatever the input order", () => {
    const slugs = ["b", "a_b", "aB", "A-B", "ab"];
    const one = nameCatalog(slugs.map((s) => normalized(s, ["x", "X", "x_"])));
    const two = nameCatalog([...slugs].reverse().map((s) => normalized(s, ["x", "X", "x_"])));
    expect(JSON.stringify(one)).toBe(JSON.stringify(two));
  });

  it("two apps with one slug fail the run, naming both files", () => {
    const run = () =>
      nameCatalog([normalized("crm", [], "a.json"), normalized("crm", [], "b.json")]);
    expect(run).toThrow(GenerationError);
    expect(run).toThrow(/a\.json and b\.json: two apps have the slug "crm"/);
  });

  it("params type names are unique and safe for json-schema-to-typescript", () => {
    const app = nameCatalog([
      normalized("1password", ["2fa", "_2fa", "2FA", "delete", "constructor"]),
    ]).apps[0]!;
    const types = app.actions.map((a) => a.paramsTypeName);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(t).toMatch(/^[A-Za-z_][A-Za-z0-9_]*Params$/);
  });
});

describe("reserved set derived from the runtime's exports", () => {
  it("holds every name the runtime entry exports, and every name the index module declares", async () => {
    const { readFileSync } = await import("node:fs");
    const runtime = await import("../../templates/runtime/all.js");
    for (const value of Object.keys(runtime)) expect(RUNTIME_NAMES.has(value), value).toBe(true);
    for (const type of ["ActionWithOptionalParams", "Execute", "JsonValue", "MockParams", "Client"])
      expect(RUNTIME_NAMES.has(type), type).toBe(true);
    const index = readFileSync(new URL("../../generated/index.ts", import.meta.url), "utf8");
    const declared = [
      ...index.matchAll(/^(?:export )?(?:interface|type|function|const) ([A-Za-z_$][\w$]*)/gm),
    ].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(3);
    expect([...INDEX_DECLARED_NAMES].sort()).toEqual([...new Set(declared)].sort());
  });

  const table: [string, string[]][] = [
    ["export { a, type B, c as d } from './x.js';", ["a", "B", "d"]],
    ["export type {\n  T,\n  U,\n} from './t.js';", ["T", "U"]],
    ["export const x = 1; export function f() {} export interface I {}", ["x", "f", "I"]],
  ];
  it.each(table)("exportedNames(%j)", (given, want) => expect(exportedNames(given)).toEqual(want));
});

describe("bindings read back from a manifest (which may have been edited by hand)", () => {
  // JSON text, so `__proto__` is a key (an object literal would set the prototype).
  const manifest = (names: unknown, module = "apps/crm.ts") => {
    const app = JSON.stringify({ module, names });
    return JSON.parse(`{"generator": {}, "apps": {"crm": ${app}, "__proto__": ${app}}}`);
  };
  const table: [string, unknown, string, Record<string, string>, Record<string, string>][] = [
    [
      "well-formed",
      { property: "crm", methods: { get_x: "getX" }, params: { get_x: "CrmGetXParams" } },
      "crm",
      { get_x: "getX" },
      { get_x: "CrmGetXParams" },
    ],
    [
      "code in a name is ignored",
      {
        property: "crm; process.exit(1)",
        methods: { a: "a()", b: "b", c: 7, d: "" },
        params: { a: "X", b: "Crm_BParams", c: "CrmCParams" },
      },
      "undefined",
      { b: "b" },
      { c: "CrmCParams" },
    ],
    ["names not an object", "oops", "undefined", {}, {}],
  ];
  it.each(table)("%s", (_, names, property, methods, params) => {
    const bindings = bindingsOf(manifest(names));
    const crm = bindings.get("crm")!;
    expect(String(crm.property)).toBe(property);
    expect(crm.file).toBe("crm");
    expect(Object.fromEntries(crm.methods)).toEqual(methods);
    expect(Object.fromEntries(crm.params)).toEqual(params);
    // A `__proto__` slug is an ordinary entry.
    expect(bindings.has("__proto__")).toBe(true);
  });

  it("a module path outside apps/ is not a file binding", () => {
    expect(bindingsOf(manifest({}, "../../etc/x.ts")).get("crm")!.file).toBeUndefined();
  });
});
