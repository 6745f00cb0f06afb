/** Checks the committed catalog `generated/schemas/*.json` (written by `catalog/build.ts`). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeAppSnapshot, type WireAppSnapshot } from "../generator/core/snapshot.js";
import { DOCUMENTED_FIELD_TYPES, type SnapshotAction } from "../catalog/source/types.js";

const dir = join(import.meta.dirname, "..", "generated", "schemas");

interface Snapshot {
  app: Record<string, unknown>;
  actions: SnapshotAction[];
}

const texts = new Map<string, string>();
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  texts.set(file.replace(/\.json$/, ""), readFileSync(join(dir, file), "utf8"));
}
const catalog = new Map<string, Snapshot>(
  [...texts].map(([slug, text]) => [slug, JSON.parse(text) as Snapshot]),
);
/** The org's default app (API proxies): the app list omits it, so only `{slug, name}` is known. */
const DEFAULT_APP = "acme_backend";
const listed = [...catalog].filter(([slug]) => slug !== DEFAULT_APP);
const allActions = [...catalog].flatMap(([slug, s]) => s.actions.map((a) => ({ slug, ...a })));
const allFields = allActions.flatMap((a) =>
  a.parameters.map((f) => ({ slug: a.slug, action: a.action_id, ...f })),
);

const KNOWN_TYPES: readonly string[] = DOCUMENTED_FIELD_TYPES;

const REQUIRED_ACTIONS: Record<string, string[]> = {
  hubspot: ["create_contact", "get_contact", "update_contact", "search_contacts", "delete_contact"],
  slack: ["send_message", "list_channels"],
  salesforce: ["create_record", "get_record", "query"],
  google_drive: ["list_files", "upload_file"],
  zendesk: ["create_ticket", "get_ticket"],
  jira: ["create_issue", "get_issue", "add_attachment"],
  docusign: ["send_envelope", "get_envelope_status"],
  netsuite: ["get_record", "create_sales_order"],
};

const param = (slug: string, actionId: string, name: string) =>
  catalog
    .get(slug)
    ?.actions.find((a) => a.action_id === actionId)
    ?.parameters.find((f) => f.name === name);

describe("committed catalog generated/schemas", () => {
  it("has the 8 listed apps, each with at least 6 actions, and the default app", () => {
    expect([...catalog.keys()].sort()).toEqual(
      [
        DEFAULT_APP,
        "docusign",
        "google_drive",
        "hubspot",
        "jira",
        "netsuite",
        "salesforce",
        "slack",
        "zendesk",
      ].sort(),
    );
    for (const [slug, snapshot] of listed) {
      expect(snapshot.actions.length, slug).toBeGreaterThanOrEqual(6);
    }
  });

  it("each file is in canonical form", () => {
    for (const [slug, text] of texts) {
      expect(serializeAppSnapshot(JSON.parse(text) as WireAppSnapshot), slug).toBe(text);
    }
  });

  it("app objects carry the documented fields", () => {
    for (const [slug, { app }] of listed) {
      expect(app.slug).toBe(slug);
      for (const key of ["name", "icon", "description", "type", "app_id"]) {
        expect(typeof app[key], `${slug}.${key}`).toBe("string");
      }
      expect(["oauth2", "keybased"]).toContain(app.auth_type);
      expect(Array.isArray(app.tags)).toBe(true);
      const version = app.version as { _v: unknown; description: unknown };
      expect(typeof version._v).toBe("number");
      expect(typeof version.description).toBe("string");
    }
  });

  it("actions and fields have the wire shape; ids are unique per app", () => {
    for (const [slug, { actions }] of catalog) {
      const ids = actions.map((a) => a.action_id);
      expect(new Set(ids).size, slug).toBe(ids.length);
      for (const action of actions) {
        expect(typeof action.name).toBe("string");
        expect(typeof action.description).toBe("string");
        expect(action.action_id).toMatch(/^[a-z][a-z0-9_]*$/);
        const names = action.parameters.map((f) => f.name);
        expect(new Set(names).size, `${slug}.${action.action_id}`).toBe(names.length);
        for (const field of action.parameters) {
          expect(typeof field.name).toBe("string");
          expect(typeof field.label).toBe("string");
          expect(typeof field.required).toBe("boolean");
          expect(typeof field.type).toBe("string");
          if (field.type === "select") expect(field.options?.length ?? 0).toBeGreaterThan(0);
          for (const option of field.options ?? []) {
            expect(typeof option.name).toBe("string");
            expect(typeof option.value).toBe("string");
          }
        }
      }
    }
  });

  it("every listed app has httprequest with only the documented url_path and base_url", () => {
    for (const [slug, { actions }] of listed) {
      const http = actions.find((a) => a.action_id === "httprequest");
      expect(http, slug).toBeDefined();
      expect(http!.name).toBe("HTTP Request");
      // Undocumented field list: nothing beyond what the documented description names.
      expect(http!.parameters.map((f) => [f.name, f.required])).toEqual([
        ["url_path", true],
        ["base_url", false],
      ]);
      expect(http!.description).toMatch(/Leave base_url unset.*url_path/);
    }
  });

  it("API proxies live on the default app only, with the Console's field types and descriptions", () => {
    const { app, actions } = catalog.get(DEFAULT_APP)!;
    expect(app).toEqual({ slug: DEFAULT_APP, name: DEFAULT_APP });
    expect(actions.map((a) => a.action_id)).toEqual([
      "notify_backend",
      "sync_invoice",
      "upsert_company_by_domain",
    ]);
    const consoleTypes = ["text", "email", "number", "textarea", "url", "json"];
    for (const action of actions) {
      expect(action.description).toMatch(/^API proxy: /);
      for (const field of action.parameters) {
        expect(consoleTypes, `${action.action_id}.${field.name}`).toContain(field.type);
        expect(typeof field.description, `${action.action_id}.${field.name}`).toBe("string");
      }
    }
    expect(new Set(actions.flatMap((a) => a.parameters.map((f) => f.type)))).toEqual(
      new Set(consoleTypes),
    );
    // No listed app carries custom actions (API proxies).
    for (const [slug, { actions: listedActions }] of listed)
      for (const a of listedActions)
        expect(a.description, `${slug}.${a.action_id}`).not.toMatch(/API proxy/i);
  });

  it("has the action ids the fake provider relies on", () => {
    for (const [slug, ids] of Object.entries(REQUIRED_ACTIONS)) {
      const have = catalog.get(slug)!.actions.map((a) => a.action_id);
      for (const id of ids) expect(have, `${slug}.${id}`).toContain(id);
    }
    expect(param("slack", "send_message", "channel")?.required).toBe(true);
    expect(param("slack", "send_message", "text")).toBeDefined();
    expect(param("hubspot", "get_contact", "limit")?.type).toBe("text");
    for (const name of ["contact_id", "properties", "after"]) {
      expect(param("hubspot", "get_contact", name), name).toBeDefined();
    }
  });

  it("hubspot create_contact matches the documented example", () => {
    const fields = catalog
      .get("hubspot")!
      .actions.find((a) => a.action_id === "create_contact")!.parameters;
    expect(fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["firstname", "text", false],
      ["lastname", "text", false],
      ["email", "text", true], // documented: text fields firstname, lastname, email (required), …
      ["phone", "text", false],
      ["company", "text", false],
      ["website", "text", false],
      ["jobtitle", "text", false],
      ["hubspot_owner_id", "text", false],
      ["associations", "json", false],
      ["additional_fields", "json", false],
    ]);
    expect(fields.find((f) => f.name === "email")?.label).toBe("Enter Email");
  });

  it("covers every field type, and exactly one unknown type (jira add_attachment.file)", () => {
    const types = new Set(allFields.map((f) => f.type));
    for (const type of KNOWN_TYPES) expect(types, type).toContain(type);
    const unknown = allFields.filter((f) => !KNOWN_TYPES.includes(f.type));
    expect(unknown.map((f) => `${f.slug}.${f.action}.${f.name}:${f.type}`)).toEqual([
      "jira.add_attachment.file:file",
    ]);
    expect(allFields.some((f) => f.multiple === true && f.type === "text")).toBe(true);
    expect(allFields.some((f) => f.multiple === true && f.type === "select")).toBe(true);
    expect(allFields.some((f) => f.type === "select" && f.required)).toBe(true);
    expect(allFields.some((f) => f.help_text)).toBe(true);
    expect(allFields.some((f) => f.placeholder)).toBe(true);
  });
});
