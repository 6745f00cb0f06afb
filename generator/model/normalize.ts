/**
 * Stage: normalize. Validates the untrusted wire snapshot and turns it into plain models.
 *
 * Policy (documented in the README): a problem with a whole app (no slug, actions not a list) fails
 * the run, because generating a partial app would silently drop an API surface. A problem inside an
 * action skips only that action or field with a warning naming app, action and field, so one odd
 * custom action does not block everyone's build; `--strict` turns those warnings into a failure.
 *
 * App-level (GenerationError `SNAPSHOT_INVALID`, naming the file): the snapshot or its `app` is not
 * an object; the slug is missing, empty, `.`/`..` or not well-formed Unicode; `actions` is not a
 * list; the file nests deeper than MAX_SNAPSHOT_DEPTH; two files share a slug (see `names.ts`).
 * Action-level (action skipped, warning): no usable `action_id` (missing, empty, `.`/`..`, not
 * well-formed Unicode), a duplicate `action_id`, `parameters` not a list.
 * Field-level (field skipped or degraded, warning): no name, duplicate name, non-string type,
 * non-boolean `required`/`multiple`, unknown type, bad options.
 */
import { printable, quoted, type Diagnostic, type Diagnostics } from "../core/diagnostics.js";
import { deeperThan, isRecord } from "./jsonShape.js";
import { isWellFormed } from "../core/escape.js";
import { DOT_SEGMENT } from "../core/snapshot.js";
import { GenerationError } from "../core/errors.js";
import { isKnownFieldType } from "./fieldSchema.js";
import type { FieldModel, FieldOption } from "../core/model.js";
import { sortActions, type WireAppSnapshot } from "../core/snapshot.js";

export interface NormalizedAction {
  actionId: string;
  name: string;
  description?: string;
  fields: FieldModel[];
}

export interface NormalizedApp {
  slug: string;
  name: string;
  description?: string;
  actions: NormalizedAction[];
  snapshot: WireAppSnapshot;
  /** Where the app came from (a snapshot file), for messages. */
  source?: string;
  /** The text the snapshot was parsed from, when it came from a file. */
  text?: string;
  /** The warnings normalizing it gave (recorded in the manifest, see `RecordedApp`). */
  normalizeWarnings?: Diagnostic[];
}

/** More options than this make a select field a plain string (a union that large helps no one). */
export const MAX_SELECT_OPTIONS = 500;
/** Longer option values make a select field a plain string. */
export const MAX_OPTION_LENGTH = 1000;
/**
 * Deeper JSON is not a plausible catalog (a real one nests about 6 levels), and serializing a few
 * thousand levels overflows the stack: such a file fails the run instead of crashing it.
 */
export const MAX_SNAPSHOT_DEPTH = 64;

export function normalizeApp(
  snapshot: WireAppSnapshot,
  source: string,
  diagnostics: Diagnostics,
): NormalizedApp {
  const file = printable(source);
  if (!isRecord(snapshot))
    throw new GenerationError("SNAPSHOT_INVALID", `${file}: the snapshot is not an object.`);
  const tooDeep = deeperThan(snapshot, MAX_SNAPSHOT_DEPTH);
  if (tooDeep !== undefined) {
    throw new GenerationError(
      "SNAPSHOT_INVALID",
      `${file}: nested deeper than ${MAX_SNAPSHOT_DEPTH} levels (at ${tooDeep.length > 100 ? tooDeep.slice(0, 100) + "…" : tooDeep}).`,
    );
  }
  const app: unknown = snapshot.app;
  if (!isRecord(app))
    throw new GenerationError("SNAPSHOT_INVALID", `${file}: "app" is not an object.`);
  const slug = app.slug;
  if (typeof slug !== "string" || slug.trim() === "") {
    throw new GenerationError(
      "SNAPSHOT_INVALID",
      `${file}: the app has no slug (a non-empty string); got ${describe(slug)}.`,
    );
  }
  if (DOT_SEGMENT.test(slug) || !isWellFormed(slug)) {
    throw new GenerationError(
      "SNAPSHOT_INVALID",
      `${file}: the slug ${quoted(slug, 80)} cannot be a URL path segment (\`.\`, \`..\` or not well-formed Unicode).`,
    );
  }
  if (!Array.isArray(snapshot.actions)) {
    throw new GenerationError(
      "SNAPSHOT_INVALID",
      `${file}: app ${quoted(slug, 80)} has no actions list (got ${describe(snapshot.actions)}).`,
    );
  }
  const actions: NormalizedAction[] = [];
  const seen = new Set<string>();
  for (const wire of sortActions(snapshot.actions.filter(isRecord))) {
    const action = normalizeAction(slug, wire, diagnostics);
    if (!action) continue;
    if (seen.has(action.actionId)) {
      diagnostics.warn({
        code: "duplicate-action",
        slug,
        actionId: action.actionId,
        message: "duplicate action id; the first one is kept.",
      });
      continue;
    }
    seen.add(action.actionId);
    actions.push(action);
  }
  if (snapshot.actions.some((a) => !isRecord(a))) {
    diagnostics.warn({
      code: "invalid-action",
      slug,
      message: "an entry of the action list is not an object; skipped.",
    });
  }
  return {
    slug,
    name: optionalString(app.name) ?? slug,
    description: optionalString(app.description),
    actions,
    snapshot,
    source,
  };
}

function normalizeAction(
  slug: string,
  wire: Record<string, unknown>,
  diagnostics: Diagnostics,
): NormalizedAction | undefined {
  const actionId = wire.action_id;
  if (typeof actionId !== "string" || actionId === "") {
    diagnostics.warn({
      code: "invalid-action",
      slug,
      message: `an action has no action_id (got ${describe(actionId)}); skipped.`,
    });
    return undefined;
  }
  if (DOT_SEGMENT.test(actionId) || !isWellFormed(actionId)) {
    diagnostics.warn({
      code: "invalid-action",
      slug,
      actionId,
      message:
        "the action id cannot be a URL path segment (`.`, `..` or not well-formed Unicode); skipped.",
    });
    return undefined;
  }
  const params = wire.parameters;
  if (!Array.isArray(params)) {
    diagnostics.warn({
      code: "invalid-parameters",
      slug,
      actionId,
      message: `parameters is ${describe(params)}, not a list; action skipped.`,
    });
    return undefined;
  }
  const fields: FieldModel[] = [];
  const names = new Set<string>();
  params.forEach((raw, index) => {
    const field = normalizeField(raw, index, { slug, actionId }, diagnostics);
    if (!field) return;
    if (names.has(field.wireName)) {
      diagnostics.warn({
        code: "duplicate-field",
        slug,
        actionId,
        field: field.wireName,
        message: "duplicate field name; the first one is kept.",
      });
      return;
    }
    names.add(field.wireName);
    fields.push(field);
  });
  return {
    actionId,
    name: optionalString(wire.name) ?? actionId,
    description: optionalString(wire.description),
    fields,
  };
}

function normalizeField(
  raw: unknown,
  index: number,
  at: { slug: string; actionId: string },
  diagnostics: Diagnostics,
): FieldModel | undefined {
  if (!isRecord(raw) || typeof raw.name !== "string" || raw.name === "") {
    const got = isRecord(raw) ? `name ${describe(raw.name)}` : describe(raw);
    diagnostics.warn({
      code: "invalid-field",
      ...at,
      message: `field #${index + 1} has no name (${got}); skipped.`,
    });
    return undefined;
  }
  const where = { ...at, field: raw.name };
  let type = "text";
  if (typeof raw.type === "string") type = raw.type.trim().toLowerCase();
  else if (raw.type !== undefined) {
    diagnostics.warn({
      code: "invalid-field-type",
      ...where,
      message: `type is ${describe(raw.type)}, not a string; typed as unknown.`,
    });
    type = "";
  }
  if (raw.required !== undefined && typeof raw.required !== "boolean") {
    diagnostics.warn({
      code: "invalid-required",
      ...where,
      message: `required is ${describe(raw.required)}, not a boolean; treated as optional.`,
    });
  }
  if (raw.multiple !== undefined && typeof raw.multiple !== "boolean") {
    diagnostics.warn({
      code: "invalid-multiple",
      ...where,
      message: `multiple is ${describe(raw.multiple)}, not a boolean; treated as false.`,
    });
  }
  if (type !== "" && !isKnownFieldType(type) && !Array.isArray(raw.options)) {
    diagnostics.warn({
      code: "unknown-field-type",
      ...where,
      message: `unknown type ${JSON.stringify(type)}; typed as unknown.`,
    });
  }
  return {
    wireName: raw.name,
    type,
    required: raw.required === true,
    multiple: raw.multiple === true,
    label: optionalString(raw.label),
    helpText: optionalString(raw.help_text),
    description: optionalString(raw.description),
    placeholder: optionalString(raw.placeholder),
    options:
      raw.options === undefined ? undefined : normalizeOptions(raw.options, where, diagnostics),
  };
}

function normalizeOptions(
  raw: unknown,
  where: { slug: string; actionId: string; field: string },
  diagnostics: Diagnostics,
): FieldOption[] | undefined {
  if (!Array.isArray(raw)) {
    diagnostics.warn({
      code: "invalid-options",
      ...where,
      message: `options is ${describe(raw)}, not a list; typed as string.`,
    });
    return undefined;
  }
  if (raw.length > MAX_SELECT_OPTIONS) {
    diagnostics.warn({
      code: "too-many-options",
      ...where,
      message: `${raw.length} options (more than ${MAX_SELECT_OPTIONS}); typed as string.`,
    });
    return undefined;
  }
  const options: FieldOption[] = [];
  const seen = new Set<string>();
  for (const option of raw) {
    // Documented forms: plain strings, `{name, value}`; `{label, value}` is accepted too.
    const value = isRecord(option) ? option.value : option;
    const valid =
      typeof value === "boolean" ||
      // NaN, Infinity (JSON's 1e400) and huge numbers have no exact TypeScript literal.
      (typeof value === "number" && Number.isFinite(value) && Math.abs(value) < 1e15) ||
      (typeof value === "string" && value.length <= MAX_OPTION_LENGTH);
    if (!valid) {
      diagnostics.warn({
        code: "invalid-option",
        ...where,
        message: `option value ${describe(value)} is not a string (of at most ${MAX_OPTION_LENGTH} characters), boolean or finite number; skipped.`,
      });
      continue;
    }
    const key = typeof value + ":" + String(value);
    if (seen.has(key)) continue;
    seen.add(key);
    const named = isRecord(option)
      ? (optionalString(option.name) ?? optionalString(option.label))
      : undefined;
    options.push({ name: named ?? String(value), value });
  }
  return options.length ? options : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A short, printable description of an unexpected value for a warning. */
function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${printable(text.length > 40 ? text.slice(0, 40) + "…" : text)}`;
}
