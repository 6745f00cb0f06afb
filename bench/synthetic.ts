/**
 * Seeded synthetic catalog for the scale benchmark (issue 6, "Deliver 1.").
 *
 *   npx tsx bench/synthetic.ts --size small|large|NxM [--seed 1] [--out DIR] [--openapi FILE]
 *
 * small = 10 apps × 20 actions, large = 300 apps × 60 actions. `--out` receives one
 * `<slug>.json` per app in the snapshot wire format (docs/contract.md), written through
 * `serializeAppSnapshot`, so the directory can be served by the emulator or generated from
 * directly. `--openapi` writes the same catalog as one OpenAPI 3.1 document (one POST
 * operation per action, its parameters as the JSON request body schema).
 *
 * The same seed always gives the same bytes: all randomness comes from one mulberry32 stream
 * consumed in a fixed order (no Math.random, no clock, no locale-dependent sort).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeAppSnapshot, sortActions, type WireAppSnapshot } from "../generator/snapshot.js";
import { httpRequest, type FieldType as CatalogFieldType } from "../catalog/source/types.js";

export interface SyntheticOptions {
  apps: number;
  actionsPerApp: number;
  seed: number;
}

export const SIZES = {
  small: { apps: 10, actionsPerApp: 20 },
  large: { apps: 300, actionsPerApp: 60 },
} as const;

/** Fields per generated action (the `httprequest` action keeps the catalog's two fields). */
export const MIN_FIELDS = 8;
export const MAX_FIELDS = 15;

/** mulberry32: a tiny 32-bit seeded PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Weighted pick from `[item, weight]` pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, weight] of pairs) {
      r -= weight;
      if (r < 0) return item;
    }
    return pairs[pairs.length - 1]![0];
  }
}

const READ_VERBS = ["get", "list", "search", "find", "query"] as const;
const WRITE_VERBS = [
  "create",
  "update",
  "upsert",
  "delete",
  "send",
  "add",
  "upload",
  "archive",
] as const;

const OBJECTS = [
  "record",
  "contact",
  "company",
  "deal",
  "invoice",
  "order",
  "ticket",
  "user",
  "project",
  "task",
  "file",
  "message",
  "note",
  "event",
  "payment",
  "product",
  "campaign",
  "comment",
];

const APP_WORDS_A = [
  "Nimbus",
  "Vertex",
  "Harbor",
  "Quill",
  "Summit",
  "Beacon",
  "Cobalt",
  "Juniper",
  "Atlas",
  "Orbit",
  "Lumen",
  "Pioneer",
];
const APP_WORDS_B = [
  "CRM",
  "Books",
  "Desk",
  "Chat",
  "Drive",
  "Sign",
  "HR",
  "Tasks",
  "Ledger",
  "Mail",
  "Ads",
  "Forms",
];
const TAGS = [
  "CRM",
  "ERP",
  "Accounting",
  "Communication",
  "File Storage",
  "Customer Support",
  "Project Management",
  "Marketing",
  "HR",
  "E-Signature",
];

/** The documented field types (the committed catalog's list, less its one deliberate unknown type). */
type FieldType = Exclude<CatalogFieldType, "file">;

const TYPE_WEIGHTS: readonly (readonly [FieldType, number])[] = [
  ["text", 30],
  ["textarea", 5],
  ["email", 4],
  ["url", 3],
  ["password", 1],
  ["number", 10],
  ["boolean", 8],
  ["json", 8],
  ["select", 15],
  ["date", 5],
  ["datetime", 4],
  ["map", 2],
];

/** Plausible field names per type, so `email` is an email field and `amount` a number. */
const NAMES_BY_TYPE: Readonly<Record<FieldType, readonly string[]>> = {
  text: [
    "name",
    "title",
    "external_id",
    "owner_id",
    "parent_id",
    "company",
    "phone",
    "category",
    "channel",
    "folder_id",
    "address",
    "country",
    "language",
    "timezone",
    "subject",
    "cursor",
    "tags",
    "record_id",
  ],
  textarea: ["description", "notes", "body", "message", "comment"],
  email: ["email", "contact_email", "reply_to", "cc_email"],
  url: ["website", "callback_url", "image_url", "webhook_url"],
  password: ["api_secret", "access_code", "passphrase"],
  number: ["amount", "quantity", "price", "limit", "page_size", "assignee_id", "count", "discount"],
  boolean: ["is_active", "notify", "archived", "include_deleted", "send_email", "is_private"],
  json: ["custom_fields", "metadata", "filters", "associations", "line_items", "properties"],
  select: ["status", "priority", "visibility", "sort_by", "currency", "record_type", "frequency"],
  date: ["due_date", "start_date", "end_date", "birth_date"],
  datetime: ["start_time", "end_time", "scheduled_at", "updated_since"],
  map: ["field_mapping", "attributes", "headers_map"],
};

const OPTION_WORDS = [
  "open",
  "closed",
  "pending",
  "active",
  "archived",
  "draft",
  "low",
  "normal",
  "high",
  "urgent",
  "public",
  "private",
  "daily",
  "weekly",
  "monthly",
  "asc",
  "desc",
];

const LABEL_PREFIXES = ["Enter", "Select", ""];

const pad3 = (n: number) => String(n).padStart(3, "0");
const titleCase = (s: string) =>
  s
    .split("_")
    .map((w) => (w === "id" ? "ID" : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");

function makeField(
  rng: Rng,
  type: FieldType,
  name: string,
  forceRequired: boolean,
): Record<string, unknown> {
  const prefix = type === "select" ? "Select" : rng.pick(LABEL_PREFIXES);
  const field: Record<string, unknown> = {
    name,
    label: (prefix ? `${prefix} ` : "") + titleCase(name),
    required: forceRequired || rng.chance(0.25),
    type,
  };
  if (type === "select") {
    const count = rng.int(2, 6);
    const start = rng.int(0, OPTION_WORDS.length - 1);
    field.options = Array.from({ length: count }, (_, k) => {
      const value = OPTION_WORDS[(start + k) % OPTION_WORDS.length]!;
      return { name: titleCase(value), value };
    });
  }
  if ((type === "text" || type === "select") && rng.chance(0.15)) field.multiple = true;
  if (rng.chance(0.2)) field.help_text = `The ${titleCase(name).toLowerCase()} of the item.`;
  if ((type === "text" || type === "number") && rng.chance(0.15)) {
    field.placeholder = type === "number" ? String(rng.int(1, 100)) : `e.g. ${name}_1`;
  }
  return field;
}

function makeAction(rng: Rng, appName: string, index: number): Record<string, unknown> {
  const read = rng.chance(0.45);
  const verb = read ? rng.pick(READ_VERBS) : rng.pick(WRITE_VERBS);
  const object = rng.pick(OBJECTS);
  const actionId = `${verb}_${object}_${index}`;
  const fieldCount = rng.int(MIN_FIELDS, MAX_FIELDS);
  const used = new Set<string>();
  const parameters: Record<string, unknown>[] = [];
  for (let k = 0; k < fieldCount; k++) {
    const type = rng.weighted(TYPE_WEIGHTS);
    let name = rng.pick(NAMES_BY_TYPE[type]);
    if (used.has(name)) name = `${name}_${k + 1}`;
    used.add(name);
    // The first field is required on most actions, so required-ness is exercised everywhere.
    parameters.push(makeField(rng, type, name, k === 0 && rng.chance(0.8)));
  }
  return {
    name: `${titleCase(verb)} ${titleCase(object)} ${index}`,
    action_id: actionId,
    description: `${read ? "Reads" : "Changes"} ${object} data in ${appName} (${verb}).`,
    parameters,
  };
}

/** A deterministic catalog of `apps` apps with `actionsPerApp` actions each (httprequest included). */
export function makeSyntheticCatalog(options: SyntheticOptions): WireAppSnapshot[] {
  const { apps, actionsPerApp, seed } = options;
  if (!Number.isInteger(apps) || apps < 1) throw new Error(`apps must be a positive integer`);
  if (!Number.isInteger(actionsPerApp) || actionsPerApp < 1) {
    throw new Error(`actionsPerApp must be a positive integer`);
  }
  const rng = new Rng(seed);
  const catalog: WireAppSnapshot[] = [];
  for (let i = 1; i <= apps; i++) {
    const slug = `app_${pad3(i)}`;
    const name = `${rng.pick(APP_WORDS_A)} ${rng.pick(APP_WORDS_B)} ${pad3(i)}`;
    const tagA = rng.pick(TAGS);
    const tagB = rng.pick(TAGS);
    const app = {
      name,
      slug,
      icon: `https://assets.refold.ai/app-icons/${slug}.svg`,
      description: `${name}: a synthetic app for benchmarks.`,
      auth_type: rng.chance(0.7) ? "oauth2" : "keybased",
      type: slug,
      app_id: (seed >>> 0).toString(16).padStart(8, "0") + i.toString(16).padStart(16, "0"),
      tags: tagA === tagB ? [tagA] : [tagA, tagB],
      version: { _v: rng.int(1, 4), description: "Synthetic version" },
      connected: true,
      reauth_required: false,
    };
    const actions: Record<string, unknown>[] = [{ ...httpRequest(name, "/v1/items") }];
    for (let j = 1; j < actionsPerApp; j++) actions.push(makeAction(rng, name, j));
    // Canonical action order, so a catalog equals what JSON.parse gives back from its files.
    catalog.push({ app, actions: sortActions(actions) });
  }
  return catalog;
}

/** Writes `<dir>/<slug>.json` per app through `serializeAppSnapshot`; returns the file paths. */
export function writeSyntheticSnapshot(dir: string, catalog: readonly WireAppSnapshot[]): string[] {
  mkdirSync(dir, { recursive: true });
  return catalog.map((snapshot) => {
    const file = join(dir, `${String(snapshot.app.slug)}.json`);
    writeFileSync(file, serializeAppSnapshot(snapshot));
    return file;
  });
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.1

type Schema = Record<string, unknown>;

const SCALAR_SCHEMAS: Readonly<Record<string, Schema>> = {
  text: { type: "string" },
  textarea: { type: "string" },
  password: { type: "string", format: "password" },
  email: { type: "string", format: "email" },
  url: { type: "string", format: "uri" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  json: {},
  map: { type: "object", additionalProperties: true },
  date: { type: "string", format: "date" },
  datetime: { type: "string", format: "date-time" },
  select: { type: "string" },
};

function fieldSchema(field: Record<string, unknown>): Schema {
  const type = typeof field.type === "string" ? field.type : "";
  let item: Schema = Object.hasOwn(SCALAR_SCHEMAS, type) ? { ...SCALAR_SCHEMAS[type] } : {};
  const options = Array.isArray(field.options) ? (field.options as Record<string, unknown>[]) : [];
  if (options.length > 0) {
    const values = options.map((o) => o.value);
    item = values.every((v) => typeof v === "string")
      ? { type: "string", enum: values }
      : { enum: values };
  }
  const schema: Schema = field.multiple === true ? { type: "array", items: item } : item;
  const doc = [field.label, field.help_text].filter((s) => typeof s === "string").join(". ");
  if (doc) schema.description = doc;
  return schema;
}

function actionBodySchema(action: Record<string, unknown>): Schema {
  const fields = Array.isArray(action.parameters)
    ? (action.parameters as Record<string, unknown>[])
    : [];
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of fields) {
    if (typeof field.name !== "string") continue;
    properties[field.name] = fieldSchema(field);
    if (field.required === true) required.push(field.name);
  }
  const schema: Schema = { type: "object", properties, additionalProperties: false };
  if (required.length > 0) schema.required = required;
  return schema;
}

/** The catalog as one OpenAPI 3.1 document: one POST operation per action. */
export function toOpenApi(catalog: readonly WireAppSnapshot[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const operationIds = new Set<string>();
  for (const { app, actions } of catalog) {
    const slug = String(app.slug);
    for (const action of actions) {
      const actionId = String(action.action_id);
      let operationId = `${slug}__${actionId}`;
      for (let n = 2; operationIds.has(operationId); n++) operationId = `${slug}__${actionId}_${n}`;
      operationIds.add(operationId);
      const body = actionBodySchema(action);
      const path = `/api/v2/integration-schema/${encodeURIComponent(slug)}/actions/${encodeURIComponent(actionId)}/execute`;
      paths[path] = {
        post: {
          operationId,
          summary: typeof action.name === "string" ? action.name : actionId,
          ...(typeof action.description === "string" ? { description: action.description } : {}),
          tags: [slug],
          parameters: [{ $ref: "#/components/parameters/LinkedAccountId" }],
          requestBody: {
            required: Array.isArray(body.required),
            content: { "application/json": { schema: body } },
          },
          responses: {
            "200": {
              description: "The result envelope; data is the provider's payload.",
              content: {
                "application/json": { schema: { $ref: "#/components/schemas/ExecuteResult" } },
              },
            },
            default: {
              description: "Error envelope.",
              content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
            },
          },
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Refold action catalog (synthetic)",
      version: "1.0.0",
      description: `${catalog.length} apps, ${operationIds.size} actions.`,
    },
    servers: [{ url: "https://app.refold.ai" }],
    security: [{ ApiKey: [] }],
    paths,
    components: {
      securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "x-api-key" } },
      parameters: {
        LinkedAccountId: {
          name: "linked_account_id",
          in: "header",
          required: true,
          schema: { type: "string" },
        },
      },
      schemas: {
        ExecuteResult: {
          type: "object",
          properties: {
            node_status: { type: "string" },
            success: { type: "boolean" },
            http_status: { type: "integer" },
            data: {},
          },
        },
        Error: {
          type: "object",
          properties: {
            status_code: { type: "integer" },
            http_error_type: { type: "string" },
            error: { type: "string" },
            error_code: { type: "string" },
            message: { type: "string" },
            request_id: { type: "string" },
          },
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

export function parseSize(size: string): { apps: number; actionsPerApp: number } {
  if (size === "small" || size === "large") return { ...SIZES[size] };
  const match = /^(\d+)x(\d+)$/i.exec(size);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new Error(`--size must be small, large or NxM (e.g. 50x20), got "${size}"`);
  }
  return { apps: Number(match[1]), actionsPerApp: Number(match[2]) };
}

const USAGE =
  "usage: npx tsx bench/synthetic.ts --size small|large|NxM [--seed 1] [--out DIR] [--openapi FILE]";

export function main(argv: readonly string[]): number {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      return 0;
    }
    const value = argv[i + 1];
    if (!["--size", "--seed", "--out", "--openapi"].includes(flag) || value === undefined) {
      console.error(`unknown or incomplete flag: ${flag}\n${USAGE}`);
      return 2;
    }
    args.set(flag, value);
    i++;
  }
  const sizeName = args.get("--size") ?? "small";
  let size: { apps: number; actionsPerApp: number };
  try {
    size = parseSize(sizeName);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const seed = Number(args.get("--seed") ?? "1");
  if (!Number.isInteger(seed)) {
    console.error(`--seed must be an integer`);
    return 2;
  }
  const out = args.get("--out") ?? join("bench", "out", `synthetic-${sizeName}`);
  const started = performance.now();
  const catalog = makeSyntheticCatalog({ ...size, seed });
  // Drop synthetic app files of an earlier, larger run so the directory holds exactly this catalog.
  const slugs = new Set(catalog.map((s) => `${String(s.app.slug)}.json`));
  try {
    for (const name of readdirSync(out)) {
      if (/^app_\d+\.json$/.test(name) && !slugs.has(name)) rmSync(join(out, name));
    }
  } catch {
    // the directory does not exist yet
  }
  const files = writeSyntheticSnapshot(out, catalog);
  const openapi = args.get("--openapi");
  if (openapi) {
    mkdirSync(dirname(openapi), { recursive: true });
    writeFileSync(openapi, JSON.stringify(toOpenApi(catalog)) + "\n");
  }
  const actions = catalog.reduce((n, s) => n + s.actions.length, 0);
  const ms = Math.round(performance.now() - started);
  console.log(
    `synthetic ${size.apps}x${size.actionsPerApp} seed ${seed}: ${files.length} apps, ${actions} actions → ${out}` +
      (openapi ? `, OpenAPI → ${openapi}` : "") +
      ` (${ms} ms)`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
