// given/want tables for the pure stages: field → type, names, read/write classification.
import { describe, expect, it } from "vitest";
import { kindFromActionId } from "../../generator/model/classify.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import { fieldDoc, itemType } from "../../generator/model/fieldSchema.js";
import type { FieldModel } from "../../generator/core/model.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";

const field = (over: Partial<FieldModel>): FieldModel => ({
  wireName: "f",
  type: "text",
  required: false,
  multiple: false,
  ...over,
});

describe("field type → TypeScript", () => {
  const table: [string, Partial<FieldModel>, string][] = [
    ["text", { type: "text" }, "string"],
    ["textarea", { type: "textarea" }, "string"],
    ["email", { type: "email" }, "string"],
    ["url", { type: "url" }, "string"],
    ["password", { type: "password" }, "string"],
    ["number accepts numeric strings", { type: "number" }, "number | `${number}`"],
    ["boolean", { type: "boolean" }, "boolean"],
    ["json is JsonValue, not any", { type: "json" }, "JsonValue"],
    ["map", { type: "map" }, "{ [key: string]: JsonValue }"],
    ["date is an ISO string", { type: "date" }, "string"],
    ["datetime is an ISO string", { type: "datetime" }, "string"],
    [
      "select → union of option values",
      {
        type: "select",
        options: [
          { name: "A", value: "a" },
          { name: "B", value: "b" },
        ],
      },
      '"a" | "b"',
    ],
    [
      "select with number and boolean values",
      {
        type: "select",
        options: [
          { name: "1", value: 1 },
          { name: "T", value: true },
        ],
      },
      "1 | true",
    ],
    ["select without options", { type: "select" }, "string"],
    ["unknown type", { type: "file" }, "unknown"],
  ];
  it.each(table)("%s", (_, given, want) => {
    expect(itemType(field(given))).toBe(want);
  });

  it("labels, help text and placeholders become the doc; dates say their format", () => {
    expect(
      fieldDoc(
        field({
          label: "Enter Email",
          helpText: "Primary address",
          placeholder: "jane@example.com",
        }),
      ),
    ).toBe("Enter Email\n\nPrimary address\n\nExample: jane@example.com");
    expect(fieldDoc(field({ type: "date", label: "Due" }))).toBe(
      "Due\n\nISO 8601 date, e.g. `2026-01-31`.",
    );
    expect(fieldDoc(field({}))).toBeUndefined();
  });
});

describe("normalize: wire fields → models", () => {
  const app = (parameters: unknown) => ({
    app: { slug: "crm", name: "CRM" },
    actions: [{ action_id: "create_x", name: "X", parameters }],
  });
  const table: [string, unknown, Partial<FieldModel>, string[]][] = [
    [
      "required true",
      { name: "email", type: "email", required: true },
      { required: true, type: "email" },
      [],
    ],
    ["type is case-insensitive", { name: "n", type: "Number" }, { type: "number" }, []],
    ["multiple", { name: "tags", type: "text", multiple: true }, { multiple: true }, []],
    [
      "required must be a boolean",
      { name: "e", type: "text", required: "yes" },
      { required: false },
      ["invalid-required"],
    ],
    ["unknown type warns", { name: "f", type: "file" }, { type: "file" }, ["unknown-field-type"]],
    ["non-string type", { name: "f", type: 7 }, { type: "" }, ["invalid-field-type"]],
    [
      "options: non-finite values dropped",
      {
        name: "s",
        type: "select",
        options: [
          { name: "x", value: "x" },
          { name: "big", value: 1e400 },
        ],
      },
      { options: [{ name: "x", value: "x" }] },
      ["invalid-option"],
    ],
  ];
  it.each(table)("%s", (_, given, want, codes) => {
    const diagnostics = new Diagnostics();
    const normalized = normalizeApp(app([given]) as never, "test", diagnostics);
    expect(normalized.actions[0]!.fields[0]).toMatchObject(want);
    expect(diagnostics.items.map((d) => d.code)).toEqual(codes);
  });

  it("skips a field without a name and an action whose parameters are not a list, with warnings that say where", () => {
    const diagnostics = new Diagnostics();
    const normalized = normalizeApp(
      {
        app: { slug: "crm" },
        actions: [
          { action_id: "a", parameters: [{ type: "text" }] },
          { action_id: "b", parameters: "oops" },
        ],
      } as never,
      "test",
      diagnostics,
    );
    expect(normalized.actions.map((a) => a.actionId)).toEqual(["a"]);
    expect(normalized.actions[0]!.fields).toEqual([]);
    expect(diagnostics.format()).toEqual([
      "warning: crm/a: field #1 has no name (name missing); skipped.",
      'warning: crm/b: parameters is string "oops", not a list; action skipped.',
    ]);
  });
});

describe("names", () => {
  const named = (slug: string, actionIds: string[]) => {
    const catalog = nameCatalog([
      {
        slug,
        name: slug,
        actions: actionIds.map((actionId) => ({ actionId, name: actionId, fields: [] })),
        snapshot: {} as never,
      },
    ]);
    return catalog.apps[0]!;
  };
  const table: [string, string, string, string, string, string][] = [
    // given slug, action id → want property, type prefix, method, params type
    ["snake case", "google_drive", "list_files", "googleDrive", "GoogleDrive", "listFiles"],
    ["the documented example", "hubspot", "create_contact", "hubspot", "Hubspot", "createContact"],
    ["no separators", "hubspot", "httprequest", "hubspot", "Hubspot", "httprequest"],
    ["kebab and spaces", "zen-desk", "Get Ticket", "zenDesk", "ZenDesk", "getTicket"],
    ["leading digit", "3d_print", "2fa_reset", "_3dPrint", "_3DPrint", "_2faReset"],
    ["reserved word app", "default", "delete", "defaultApp", "DefaultApp", "delete"],
    ["prototype member method", "crm", "constructor", "crm", "Crm", "constructorAction"],
    ["thenable method", "crm", "then", "crm", "Crm", "thenAction"],
  ];
  it.each(table)("%s", (_, slug, actionId, property, typeName, method) => {
    const app = named(slug, [actionId]);
    expect(app.propertyName).toBe(property);
    expect(app.typeName).toBe(typeName);
    expect(app.actions[0]!.methodName).toBe(method);
  });

  it("params type is <PascalSlug><PascalActionId>Params", () => {
    expect(named("hubspot", ["create_contact"]).actions[0]!.paramsTypeName).toBe(
      "HubspotCreateContactParams",
    );
    expect(named("google_drive", ["list_files"]).actions[0]!.paramsTypeName).toBe(
      "GoogleDriveListFilesParams",
    );
  });

  it("names that collide after case conversion get deterministic suffixes in action-id order", () => {
    const app = named("crm", ["create-contact", "createContact", "create_contact"]);
    expect(app.actions.map((a) => [a.actionId, a.methodName])).toEqual([
      ["create-contact", "createContact"],
      ["createContact", "createContact2"],
      ["create_contact", "createContact3"],
    ]);
  });
});

describe("read/write classification from the action id's verb", () => {
  const table: [string, "read" | "write"][] = [
    ["get_contact", "read"],
    ["list_files", "read"],
    ["search_contacts", "read"],
    ["find_user", "read"],
    ["query", "read"],
    ["create_contact", "write"],
    ["update_contact", "write"],
    ["upsert_company", "write"],
    ["delete_contact", "write"],
    ["send_message", "write"],
    ["httprequest", "write"],
    ["custom_upsert_company_by_domain", "write"],
    ["getContact", "read"],
    ["frobnicate", "write"],
  ];
  it.each(table)("%s → %s", (actionId, want) => {
    expect(kindFromActionId(actionId)).toBe(want);
  });
});
