/**
 * Stage: emit (metadata). Builds `apps/<file>.meta.ts`: the app's actions as runtime data (wire ids,
 * read/write kind, description, fields with the kind of value each takes), for opt-in validation,
 * the agent toolkit and the MCP server. The data is one JSON text in one escaped string literal, so
 * type-checking the module costs nothing and no remote text is ever code; the runtime imports it
 * only when an action of the app is validated or offered as a tool.
 */
import { APP_RUNTIME_ENTRY, BANNER } from "../core/banner.js";
import { stringLiteral } from "../core/escape.js";
import { itemType } from "../model/fieldSchema.js";
import type { ActionModel, FieldModel, NamedApp } from "../core/model.js";

export const metadataFile = (app: NamedApp) => `apps/${app.fileName}.meta.ts`;

/** Field kinds by the TypeScript type the params interface gives one value (see `fieldSchema.ts`). */
const KIND_BY_TYPE: Readonly<Record<string, string>> = {
  string: "string",
  "number | `${number}`": "number",
  boolean: "boolean",
  JsonValue: "json",
  "{ [key: string]: JsonValue }": "object",
};

export function fieldKind(field: FieldModel): string {
  const type = itemType({ ...field, options: undefined });
  return Object.hasOwn(KIND_BY_TYPE, type) ? KIND_BY_TYPE[type]! : "unknown";
}

const DATE_NOTE: Readonly<Record<string, string>> = {
  date: "ISO 8601 date, e.g. 2026-01-31.",
  datetime: "ISO 8601 date-time, e.g. 2026-01-31T09:30:00Z.",
};

/** A field's description for agents and docs: help text, example, date format. */
export function fieldDescription(field: FieldModel): string | undefined {
  const parts = field.helpText === undefined ? [] : [field.helpText];
  if (field.placeholder !== undefined && field.placeholder !== field.label)
    parts.push(`Example: ${field.placeholder}`);
  if (Object.hasOwn(DATE_NOTE, field.type)) parts.push(DATE_NOTE[field.type]!);
  return parts.length ? parts.join("\n\n") : undefined;
}

function fieldData(field: FieldModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: field.wireName,
    type: field.type,
    kind: fieldKind(field),
  };
  if (field.required) out.required = true;
  if (field.multiple) out.multiple = true;
  if (field.options?.length) out.options = field.options.map((o) => o.value);
  if (field.label !== undefined) out.label = field.label;
  const description = fieldDescription(field);
  if (description !== undefined) out.description = description;
  return out;
}

function actionData(action: ActionModel): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: action.actionId,
    method: action.methodName,
    name: action.name,
    kind: action.kind,
  };
  if (action.description !== undefined) out.description = action.description;
  out.fields = action.fields.map(fieldData);
  return out;
}

/** The metadata as data (what the module's string holds), in catalog order. */
export function appMetadata(app: NamedApp): Record<string, unknown> {
  return {
    slug: app.slug,
    name: app.name,
    property: app.propertyName,
    actions: app.actions.map(actionData),
  };
}

/** The module as parts: its fixed lines, then one statement calling `JSON.parse` on `literal`. */
export interface MetadataModule {
  /** Banner, import and doc comment, each line ending in `\n`. */
  head: string;
  /** The escaped JSON text as a double-quoted string literal (`stringLiteral`). */
  literal: string;
  /** The JSON text the literal denotes (what the gate checks it decodes to). */
  json: string;
}

/** The statement's text up to its argument. */
export const METADATA_CALL = "export const metadata: AppMetadata = JSON.parse(";

/** The parts of the module. Remote text is only inside the escaped JSON string. */
export function metadataModule(app: NamedApp): MetadataModule {
  // JSON.stringify writes lone surrogates as escapes, so the text is well-formed.
  const json = JSON.stringify(appMetadata(app));
  const head = [
    BANNER,
    `import type { AppMetadata } from "../${APP_RUNTIME_ENTRY}";`,
    "",
    "/** Runtime metadata of this app's actions (loaded on demand; see `createToolkit`, `validate`). */",
    "",
  ].join("\n");
  return { head, literal: stringLiteral(json), json };
}

/** The module text before formatting (what prettier gets when the printer does not apply). */
export const rawMetadata = (module: MetadataModule) =>
  `${module.head}${METADATA_CALL}${module.literal});\n`;

export const emitMetadata = (app: NamedApp): string => rawMetadata(metadataModule(app));
