/**
 * Opt-in validation of params against an action's fields, before anything is sent. It accepts what
 * the generated params type accepts (a property test checks this against `tsc`): known keys only,
 * required keys present, select values from the list, numbers or numeric strings (TypeScript's
 * `${number}`: non-empty and finite under `+s`), JSON values, lists for `multiple` fields. Hand-written
 * for the small field-type system: no schema compiler, nothing built until an action is validated.
 */
import { RefoldValidationError, type RefoldErrorInit } from "./errors.js";
import { paramsJsonSchema, type ActionMetadata, type FieldMetadata } from "./metadata.js";
import {
  jsonSchemaConverter,
  type StandardIssue,
  type StandardSchemaWithJSONSchema,
} from "./standardSchema.js";

/** One problem: where (keys from the params object down) and what. */
export interface ParamsIssue extends StandardIssue {
  readonly path: ReadonlyArray<string | number>;
}

/** Params rejected by `validate: true`; nothing was sent. `issues` lists every problem. */
export class RefoldParamsError extends RefoldValidationError {
  static override brand = "RefoldParamsError";
  readonly issues: readonly ParamsIssue[];
  constructor(message: string, init: RefoldErrorInit & { issues: readonly ParamsIssue[] }) {
    super(message, init);
    (this as { code: string }).code = "invalid_params";
    this.issues = init.issues.map((i) => ({ message: i.message, path: [...i.path] }));
  }
}

/** `$.tags[0]`, `$["odd key"]`: a JSONPath naming where a problem is. */
export function jsonPath(path: ReadonlyArray<string | number>): string {
  let out = "$";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  return out;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** What TypeScript accepts for `${number}`. */
const isNumericString = (s: string) => s !== "" && Number.isFinite(+s);

/** Checks a JSON value without recursion (deep values cannot overflow the stack). */
function jsonProblem(value: unknown, path: (string | number)[], issues: ParamsIssue[]): void {
  const stack: [unknown, (string | number)[]][] = [[value, path]];
  while (stack.length) {
    const [v, p] = stack.pop()!;
    if (v === null || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) issues.push({ path: p, message: "expected a finite number" });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...p, i]]);
    } else if (isPlainObject(v)) {
      for (const key of Object.keys(v).reverse()) stack.push([v[key], [...p, key]]);
    } else {
      issues.push({ path: p, message: `expected a JSON value, got ${typeName(v)}` });
    }
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return isPlainObject(value) ? "an object" : "a non-plain object";
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

const describeOption = (o: string | number | boolean) =>
  typeof o === "string" ? JSON.stringify(o) : String(o);

function checkItem(
  field: FieldMetadata,
  value: unknown,
  path: (string | number)[],
  issues: ParamsIssue[],
): void {
  const options = field.options;
  if (options?.length) {
    if (!options.some((o) => o === value)) {
      const listed = options.slice(0, 10).map(describeOption).join(", ");
      issues.push({
        path,
        message: `expected one of ${listed}${options.length > 10 ? ", …" : ""}`,
      });
    }
    return;
  }
  switch (field.kind) {
    case "string":
      if (typeof value !== "string")
        issues.push({ path, message: `expected a string, got ${typeName(value)}` });
      return;
    case "number":
      if (
        !(typeof value === "number" && Number.isFinite(value)) &&
        !(typeof value === "string" && isNumericString(value))
      )
        issues.push({
          path,
          message: `expected a number or numeric string, got ${typeName(value)}`,
        });
      return;
    case "boolean":
      if (typeof value !== "boolean")
        issues.push({ path, message: `expected a boolean, got ${typeName(value)}` });
      return;
    case "object":
      if (!isPlainObject(value))
        issues.push({ path, message: `expected an object, got ${typeName(value)}` });
      else jsonProblem(value, path, issues);
      return;
    case "json":
      jsonProblem(value, path, issues);
      return;
    default:
      return;
  }
}

/** Every problem of `params` for `action`, in field order; empty when valid. */
export function paramsIssues(action: ActionMetadata, params: unknown): ParamsIssue[] {
  const issues: ParamsIssue[] = [];
  const required = action.fields.some((f) => f.required);
  if (params === undefined && !required) return issues;
  if (!isPlainObject(params)) {
    issues.push({ path: [], message: `expected a params object, got ${typeName(params)}` });
    return issues;
  }
  const known = new Set<string>();
  for (const field of action.fields) {
    known.add(field.name);
    const present = Object.hasOwn(params, field.name);
    const value = present ? params[field.name] : undefined;
    if (!present) {
      if (field.required) issues.push({ path: [field.name], message: "required" });
      continue;
    }
    if (value === undefined && !field.required) continue;
    if (!field.multiple) checkItem(field, value, [field.name], issues);
    else if (!Array.isArray(value))
      issues.push({ path: [field.name], message: `expected a list, got ${typeName(value)}` });
    else value.forEach((item, i) => checkItem(field, item, [field.name, i], issues));
  }
  for (const key of Object.keys(params))
    if (!known.has(key)) issues.push({ path: [key], message: "unknown parameter" });
  return issues;
}

/**
 * A params validator: Standard Schema v1 (and Standard JSON Schema v1: `~standard.jsonSchema`), plus
 * a `check` that throws `RefoldParamsError`.
 */
export interface ParamsValidator<P = Record<string, unknown>> extends StandardSchemaWithJSONSchema<
  P,
  P
> {
  readonly action: ActionMetadata;
  /** Throws `RefoldParamsError` (code `invalid_params`) listing every problem. */
  check(params: unknown, context?: { slug?: string }): void;
}

const validators = new WeakMap<ActionMetadata, ParamsValidator>();

/** The validator of one action (built once per action, on first use). */
export function paramsValidator<P = Record<string, unknown>>(
  action: ActionMetadata,
): ParamsValidator<P> {
  let validator = validators.get(action);
  if (validator === undefined) {
    validator = {
      action,
      "~standard": {
        version: 1,
        vendor: "refold",
        jsonSchema: jsonSchemaConverter(() => paramsJsonSchema(action)),
        validate(value) {
          const issues = paramsIssues(action, value);
          return issues.length ? { issues } : { value: value as Record<string, unknown> };
        },
      },
      check(params, context = {}) {
        const issues = paramsIssues(action, params);
        if (issues.length === 0) return;
        const where = context.slug === undefined ? action.id : `${context.slug}/${action.id}`;
        const list = issues.map((i) => `${jsonPath(i.path)}: ${i.message}`).join("; ");
        throw new RefoldParamsError(`Invalid params for ${where}: ${list}. Nothing was sent.`, {
          slug: context.slug,
          actionId: action.id,
          issues,
        });
      },
    };
    validators.set(action, validator);
  }
  return validator as unknown as ParamsValidator<P>;
}
