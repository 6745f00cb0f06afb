/**
 * Stage: name. Gives every app and action its TypeScript identifiers and every app a file name.
 * Deterministic: the same catalog always gives the same names, whatever the input order.
 *
 * - app property / module export: camelCase of the slug (`google_drive` → `googleDrive`)
 * - method: camelCase of the action id; params type: `<PascalSlug><PascalActionId>Params`
 * - names that are not valid or would clash get a deterministic fallback (a suffix, or a short
 *   hash of the wire name when nothing usable is left); the wire name itself is never changed.
 */
import { createHash } from "node:crypto";
import { compareCodeUnits } from "./canonicalJson.js";
import { printable } from "./diagnostics.js";
import { GenerationError } from "./errors.js";
import type { ActionModel, AppModel, CatalogModel } from "./model.js";
import type { NormalizedApp } from "./normalize.js";

/** Words of a wire name: ASCII letters and digits; accents folded, other characters as `u<hex>`. */
export function words(wire: string): string[] {
  const folded = wire.normalize("NFKD").replace(/\p{M}/gu, "");
  const spaced = folded
    .replace(/[^A-Za-z0-9]/gu, (c) =>
      /[\p{L}\p{N}]/u.test(c) ? ` u${c.codePointAt(0)!.toString(16)} ` : " ",
    )
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  return spaced
    .split(" ")
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const upperFirst = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** PascalCase that json-schema-to-typescript's `toSafeString` leaves unchanged (letters after digits upper-cased). */
export function pascalCase(parts: string[]): string {
  return parts
    .map(upperFirst)
    .join("")
    .replace(/(\d)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase());
}

export function camelCase(parts: string[]): string {
  const [first = "", ...rest] = parts;
  return first + pascalCase(rest);
}

/** The PascalCase form of a camelCase identifier (a leading `_` kept). */
export function toTypeName(camel: string): string {
  return pascalCase([camel]);
}

/** First 8 hex characters of SHA-256: a stable tag for names with nothing usable left. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex").slice(0, 8);
}

/** Words that cannot be a binding name (`const x`) in a strict-mode ES module. */
const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

/** Own properties that would shadow or break ordinary object behaviour (`then` makes an object thenable). */
const OBJECT_MEMBERS = new Set(
  (
    "__proto__ constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf " +
    "__defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__ then"
  ).split(" "),
);

/** Lower-case globals a module-level `const` would shadow, and the names generated code itself uses. */
const TAKEN_APP_NAMES = new Set(
  (
    "globalThis console process require module exports window document self global " +
    "forAccount execute close defaultExecute bindApp"
  ).split(" "),
);

export function isReservedAppName(name: string): boolean {
  return RESERVED_WORDS.has(name) || OBJECT_MEMBERS.has(name) || TAKEN_APP_NAMES.has(name);
}

export function isReservedMethodName(name: string): boolean {
  return OBJECT_MEMBERS.has(name);
}

/** Identifiers longer than this are cut and tagged with a hash of the whole wire name. */
export const MAX_IDENTIFIER_LENGTH = 64;

/**
 * A camelCase identifier for `wire`: ASCII letters, digits and `_` only; `fallback` plus a hash when
 * nothing usable is left; `_` before a leading digit; `suffix` added when it is reserved.
 */
export function identifierFor(
  wire: string,
  fallback: string,
  suffix: string,
  reserved: (n: string) => boolean,
): string {
  let name = camelCase(words(wire));
  if (name === "") name = fallback + shortHash(wire);
  else if (name.length > MAX_IDENTIFIER_LENGTH)
    name = name.slice(0, MAX_IDENTIFIER_LENGTH - 8) + shortHash(wire);
  if (/^\d/.test(name)) name = "_" + name;
  if (reserved(name)) name += suffix;
  return name;
}

/**
 * Makes names unique in input order: the second `x` becomes `x2`, and so on. Two names clash when
 * their `key` is equal (e.g. their PascalCase forms, or their lower-cased forms for file names).
 */
export function dedupe(
  names: string[],
  key: (n: string) => string,
  isTaken: (n: string) => boolean = () => false,
): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(key(candidate)) || isTaken(candidate); n++) candidate = name + n;
    used.add(key(candidate));
    return candidate;
  });
}

/** The file base name for a slug: the slug itself when it is plainly safe, otherwise a readable form plus a hash. */
export function fileNameFor(slug: string): string {
  const plain = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug) && !WINDOWS_DEVICE_NAMES.test(slug);
  if (plain) return slug;
  const readable = words(slug).join("_").slice(0, 40) || "app";
  return `${readable}-${shortHash(slug)}`;
}

const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/;

export function nameCatalog(apps: readonly NormalizedApp[]): CatalogModel {
  const sorted = [...apps].sort((a, b) => compareCodeUnits(a.slug, b.slug));
  // Two files for one slug: the API would route both to one app, so which is right is unknowable.
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.slug === sorted[i - 1]!.slug) {
      const files = [sorted[i - 1]!.source, sorted[i]!.source].filter(Boolean).join(" and ");
      throw new GenerationError(
        "SNAPSHOT_INVALID",
        `${files || "the catalog"}: two apps have the slug ${JSON.stringify(printable(sorted[i]!.slug))}.`,
      );
    }
  }
  const properties = dedupe(
    sorted.map((app) => identifierFor(app.slug, "app", "App", isReservedAppName)),
    toTypeName,
    isReservedAppName,
  );
  // Case-insensitive file systems: two names equal but for case must not both exist.
  const fileNames = dedupe(
    sorted.map((app) => fileNameFor(app.slug)),
    (file) => file.toLowerCase(),
  );
  return {
    apps: sorted.map((app, i): AppModel => {
      const propertyName = properties[i]!;
      const typeName = toTypeName(propertyName);
      return {
        slug: app.slug,
        name: app.name,
        description: app.description,
        fileName: fileNames[i]!,
        propertyName,
        typeName,
        actions: nameActions(app, typeName),
        snapshot: app.snapshot,
      };
    }),
  };
}

function nameActions(app: NormalizedApp, appTypeName: string): ActionModel[] {
  const methods = dedupe(
    app.actions.map((a) => identifierFor(a.actionId, "action", "Action", isReservedMethodName)),
    toTypeName,
    isReservedMethodName,
  );
  return app.actions.map((action, i) => {
    const method = methods[i]!;
    return {
      ...action,
      kind: "write",
      methodName: method,
      paramsTypeName: `${appTypeName}${toTypeName(method.replace(/^_/, ""))}Params`,
    };
  });
}
