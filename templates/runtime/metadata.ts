/**
 * Runtime metadata of the catalog's actions: wire ids, read/write kind, description and fields.
 * The generator writes one `apps/<file>.meta.ts` per app (a JSON string, so type-checking it costs
 * nothing) and the index lists a loader per app; a module is imported the first time an action of
 * its app is validated or offered as a tool, so an unused catalog costs nothing at import.
 */
import type { ActionKind } from "./types.js";

/** The kind of value a field takes; its TypeScript type is the generated params property. */
export type FieldKind = "string" | "number" | "boolean" | "json" | "object" | "unknown";

export interface FieldMetadata {
  /** The wire name (the key sent). */
  name: string;
  /** The catalog's field type, lower-cased (`text`, `select`, `number`, …). */
  type: string;
  kind: FieldKind;
  required?: true;
  /** The field takes a list of values. */
  multiple?: true;
  /** The allowed values of a select field. */
  options?: (string | number | boolean)[];
  label?: string;
  description?: string;
}

export interface ActionMetadata {
  /** The wire action id. */
  id: string;
  /** The method name on the generated app object. */
  method: string;
  name: string;
  kind: ActionKind;
  description?: string;
  fields: FieldMetadata[];
}

export interface AppMetadata {
  slug: string;
  name: string;
  /** The client property of the app. */
  property: string;
  actions: ActionMetadata[];
}

/** What the generated index passes to the runtime: a loader per app slug. */
export type MetadataLoaders = ReadonlyArray<
  readonly [slug: string, load: () => Promise<{ metadata: AppMetadata }>]
>;

/** Loads app metadata on demand and remembers it. */
export interface MetadataIndex {
  /** Every app slug the index can load. */
  readonly slugs: readonly string[];
  app(slug: string): Promise<AppMetadata | undefined>;
  action(slug: string, actionId: string): Promise<ActionMetadata | undefined>;
  /** The action when its app is already loaded (no await on the hot path). */
  loadedAction(slug: string, actionId: string): ActionMetadata | undefined;
}

export function createMetadataIndex(loaders: MetadataLoaders): MetadataIndex {
  const byslug = new Map(loaders.map(([slug, load]) => [slug, load]));
  const pending = new Map<string, Promise<AppMetadata | undefined>>();
  const loaded = new Map<string, Map<string, ActionMetadata>>();
  const app = (slug: string): Promise<AppMetadata | undefined> => {
    let promise = pending.get(slug);
    if (promise === undefined) {
      const load = byslug.get(slug);
      promise =
        load === undefined
          ? Promise.resolve(undefined)
          : load().then(({ metadata }) => {
              loaded.set(slug, new Map(metadata.actions.map((a) => [a.id, a])));
              return metadata;
            });
      pending.set(slug, promise);
      // A failed import may be retried by a later call.
      promise.catch(() => pending.delete(slug));
    }
    return promise;
  };
  return {
    slugs: [...byslug.keys()],
    app,
    async action(slug, actionId) {
      await app(slug);
      return loaded.get(slug)?.get(actionId);
    },
    loadedAction: (slug, actionId) => loaded.get(slug)?.get(actionId),
  };
}

/** A JSON Schema object (draft 2020-12 subset) as the tool formats take it. */
export type JsonSchema = { [key: string]: unknown };

/** Numeric strings as most agents write them (the validator accepts what TypeScript's `${number}` does). */
const NUMERIC_STRING = "^\\s*[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?\\s*$";

function itemSchema(field: FieldMetadata): JsonSchema {
  if (field.options?.length) {
    const types = [...new Set(field.options.map((o) => typeof o))];
    return types.length === 1 ? { type: types[0], enum: field.options } : { enum: field.options };
  }
  switch (field.kind) {
    case "string":
      return { type: "string" };
    case "number":
      return { type: ["number", "string"], pattern: NUMERIC_STRING };
    case "boolean":
      return { type: "boolean" };
    case "object":
      return { type: "object" };
    default:
      return {};
  }
}

function describe(field: FieldMetadata): string | undefined {
  const parts = [field.label, field.description].filter((p): p is string => !!p);
  if (field.kind === "json") parts.push("Any JSON value.");
  if (field.kind === "number" && !field.options?.length) parts.push("A number or numeric string.");
  return parts.length ? parts.join(" ") : undefined;
}

/** The JSON Schema of a params object: the input of a tool. */
export type ParamsJsonSchema = {
  type: "object";
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties: false;
};

/** The JSON Schema of an action's params object (what the toolkit offers as a tool's input). */
export function paramsJsonSchema(action: ActionMetadata): ParamsJsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of action.fields) {
    const item = itemSchema(field);
    const schema: JsonSchema = field.multiple ? { type: "array", items: item } : item;
    const description = describe(field);
    if (description !== undefined) schema["description"] = description;
    Object.defineProperty(properties, field.name, {
      value: schema,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    if (field.required) required.push(field.name);
  }
  return { type: "object", properties, required, additionalProperties: false };
}
