/**
 * Stage: toJsonSchema. Turns each action's fields into the JSON Schema that
 * json-schema-to-typescript compiles into its params interface.
 *
 * The schema is built here from validated fields, never copied from the API, so no remote keyword
 * (`tsType`, `tsEnumNames`, `$ref`, `x-…`, `default`, nested schemas) can reach the compiler, and
 * its depth is fixed (object → property). Remote text enters only as escaped doc text and as
 * `tsType` literals this module writes itself (option values via `stringLiteral`, finite numbers,
 * booleans; at most MAX_SELECT_OPTIONS of them, checked in normalize); property keys are
 * placeholders (`__rf0__`, …) that `compileParams` swaps for escaped keys, because the compiler
 * neither escapes line terminators in keys nor survives a key such as `hasOwnProperty`.
 */
import type { JSONSchema4 } from "json-schema";
import { docText, stringLiteral } from "../core/escape.js";
import type { ActionModel, FieldModel } from "../core/model.js";

export const placeholderKey = (index: number) => `__rf${index}__`;

/** TypeScript types of the known field types; `JsonValue` is imported from the runtime. */
const SCALAR_TYPES: Readonly<Record<string, string>> = {
  text: "string",
  textarea: "string",
  email: "string",
  url: "string",
  password: "string",
  string: "string",
  // Refold often sends numbers as strings (`{"limit": "1"}`): accept both, but only numeric strings.
  number: "number | `${number}`",
  integer: "number | `${number}`",
  boolean: "boolean",
  json: "JsonValue",
  object: "{ [key: string]: JsonValue }",
  map: "{ [key: string]: JsonValue }",
  date: "string",
  datetime: "string",
  select: "string",
};

const DATE_NOTE: Readonly<Record<string, string>> = {
  date: "ISO 8601 date, e.g. `2026-01-31`.",
  datetime: "ISO 8601 date-time, e.g. `2026-01-31T09:30:00Z`.",
};

export function isKnownFieldType(type: string): boolean {
  return Object.hasOwn(SCALAR_TYPES, type);
}

/** The TypeScript type text of one value of the field (before `multiple` makes it an array). */
export function itemType(field: FieldModel): string {
  if (field.options?.length) {
    return field.options
      .map((o) => (typeof o.value === "string" ? stringLiteral(o.value) : String(o.value)))
      .join(" | ");
  }
  return Object.hasOwn(SCALAR_TYPES, field.type) ? SCALAR_TYPES[field.type]! : "unknown";
}

/**
 * The TypeScript type text of the field. A list is written here rather than as a JSON Schema
 * array, because json-schema-to-typescript appends `[]` to a `tsType` union without parentheses
 * (`"a" | "b"[]`).
 */
export function fieldType(field: FieldModel): string {
  const item = itemType(field);
  if (!field.multiple) return item;
  return item.includes("|") ? `(${item})[]` : `${item}[]`;
}

/** The JSDoc text of a field: label, description, help text, placeholder as an example, format notes. */
export function fieldDoc(field: FieldModel): string | undefined {
  const parts = [field.label, field.description, field.helpText].filter(
    (p): p is string => p !== undefined,
  );
  if (field.placeholder !== undefined && field.placeholder !== field.label)
    parts.push(`Example: ${field.placeholder}`);
  if (Object.hasOwn(DATE_NOTE, field.type)) parts.push(DATE_NOTE[field.type]!);
  const text = docText(parts.join("\n\n"));
  return text === "" ? undefined : text;
}

export function actionSchema(action: ActionModel): JSONSchema4 {
  const properties: Record<string, JSONSchema4> = {};
  const required: string[] = [];
  action.fields.forEach((field, index) => {
    const schema: JSONSchema4 = { tsType: fieldType(field) };
    const doc = fieldDoc(field);
    if (doc !== undefined) schema.description = doc;
    properties[placeholderKey(index)] = schema;
    if (field.required) required.push(placeholderKey(index));
  });
  return {
    title: action.paramsTypeName,
    type: "object",
    properties,
    required,
    additionalProperties: false,
  };
}

/** True when a params object may be omitted: no field is required. */
export function hasRequiredFields(action: ActionModel): boolean {
  return action.fields.some((f) => f.required);
}
