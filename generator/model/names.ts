/**
 * Stage: name. Gives every app and action its TypeScript identifiers and every app a file name.
 * These are the pure pieces; `nameCatalog.ts` assigns them, keeping earlier bindings.
 *
 * - app property / module export: camelCase of the slug (`google_drive` → `googleDrive`)
 * - method: camelCase of the action id; params type: `<PascalSlug><PascalActionId>Params`
 * - names that are not valid or would clash get a deterministic fallback (a suffix, or a short
 *   hash of the wire name when nothing usable is left); the wire name itself is never changed.
 */
import { unsafeCharacters } from "../../templates/runtime/unsafeChars.js";
import { allocate, type Collision } from "./allocateNames.js";
import { compareCodeUnits } from "../core/canonicalJson.js";
import { Diagnostics, printable, quoted } from "../core/diagnostics.js";
import { GenerationError } from "../core/errors.js";
import { sha256 } from "../core/hash.js";
import type { AppModel, CatalogModel, NamedAction, RecordedApp } from "../core/model.js";
import { normalizeApp, type NormalizedApp } from "./normalize.js";
import { RUNTIME_NAMES } from "./runtimeNames.js";

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
  return sha256(text).slice(0, 8);
}

/** Words that cannot be a binding name (`const x`) in a strict-mode ES module. */
const RESERVED_WORDS = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

/**
 * Own properties that would shadow or break ordinary object behaviour, or that a protocol calls
 * by name: `then` (await), `toJSON` (JSON.stringify), `inspect` (older util.inspect),
 * `asymmetricMatch` (test matchers), `$$typeof` (React).
 */
export const PROTOCOL_MEMBERS: ReadonlySet<string> = new Set(
  (
    "__proto__ constructor hasOwnProperty isPrototypeOf propertyIsEnumerable toLocaleString toString valueOf " +
    "__defineGetter__ __defineSetter__ __lookupGetter__ __lookupSetter__ then toJSON inspect asymmetricMatch $$typeof"
  ).split(" "),
);
const OBJECT_MEMBERS = PROTOCOL_MEMBERS;

/** Lower-case globals a module-level `const` would shadow, and the names generated code itself uses. */
const TAKEN_APP_NAMES = new Set(
  (
    "globalThis console process require module exports window document self global " +
    "forAccount execute close defaultExecute bindApp"
  ).split(" "),
);

export function isReservedAppName(name: string): boolean {
  return (
    RESERVED_WORDS.has(name) ||
    OBJECT_MEMBERS.has(name) ||
    TAKEN_APP_NAMES.has(name) ||
    RUNTIME_NAMES.has(name)
  );
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

/** The file base name for a slug: the slug itself when it is plainly safe, otherwise a readable form plus a hash. */
export function fileNameFor(slug: string): string {
  const plain = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(slug) && !WINDOWS_DEVICE_NAMES.test(slug);
  if (plain) return slug;
  const readable = words(slug).join("_").slice(0, 40) || "app";
  return `${readable}-${shortHash(slug)}`;
}

const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/** Names bound by the previous run (read from its manifest), per app slug. */
export interface AppBindings {
  property?: string;
  file?: string;
  /** action id → method name */
  methods: ReadonlyMap<string, string>;
  /** action id → params type name */
  params: ReadonlyMap<string, string>;
  /** What they were read from: two bindings read from one object bind the same names. */
  source?: object;
}
export type CatalogBindings = ReadonlyMap<string, AppBindings>;

const NO_BINDINGS: CatalogBindings = new Map();

/**
 * Names every app and action. Deterministic: the same catalog and the same earlier bindings give
 * the same names, whatever the input order. An entry keeps the name it was bound to while its wire
 * id exists; newcomers that collide get a fallback (see `allocateNames.ts`). Collisions and
 * look-alike wire names are reported as warnings naming both wire ids.
 */
export function nameCatalog(
  apps: readonly NormalizedApp[],
  bindings: CatalogBindings = NO_BINDINGS,
  diagnostics: Diagnostics = new Diagnostics(),
): CatalogModel<NamedAction> {
  return { apps: nameApps(apps, bindings, diagnostics) as AppModel<NamedAction>[] };
}

/**
 * `nameCatalog` over apps of which some may be recorded (not parsed, see `RecordedApp`). A recorded
 * app that gets its recorded property and file keeps its recorded names and warnings, which is
 * what naming its parsed snapshot would give; otherwise its snapshot is parsed and named here.
 */
export function nameApps(
  apps: readonly (NormalizedApp | RecordedApp)[],
  bindings: CatalogBindings = NO_BINDINGS,
  diagnostics: Diagnostics = new Diagnostics(),
): (AppModel<NamedAction> | RecordedApp)[] {
  const sorted = [...apps].sort((a, b) => compareCodeUnits(a.slug, b.slug));
  // Two files for one slug: the API would route both to one app, so which is right is unknowable.
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.slug === sorted[i - 1]!.slug) {
      const files = [sorted[i - 1]!.source, sorted[i]!.source]
        .filter(Boolean)
        .map((f) => printable(f!));
      throw new GenerationError(
        "SNAPSHOT_INVALID",
        `${files.join(" and ") || "the catalog"}: two apps have the slug ${JSON.stringify(printable(sorted[i]!.slug))}.`,
      );
    }
  }
  warnLookalikes(
    sorted.map((a) => a.slug),
    "app slugs",
    {},
    diagnostics,
  );
  const properties = allocate(
    sorted.map((app) => ({
      wire: app.slug,
      base: identifierFor(app.slug, "app", "App", isReservedAppName),
      bound: bindings.get(app.slug)?.property,
    })),
    { key: toTypeName, isTaken: isTakenAppName },
  );
  warnCollisions(properties.collisions, "app slugs", {}, diagnostics);
  // Case-insensitive file systems: two names equal but for case must not both exist.
  const fileNames = allocate(
    sorted.map((app) => ({
      wire: app.slug,
      base: fileNameFor(app.slug),
      bound: bindings.get(app.slug)?.file,
    })),
    { key: (file) => file.toLowerCase(), isTaken: () => false },
  );
  return sorted.map((entry, i): AppModel<NamedAction> | RecordedApp => {
    const propertyName = properties.names[i]!;
    const fileName = fileNames.names[i]!;
    if ("recorded" in entry && entry.propertyName === propertyName && entry.fileName === fileName) {
      for (const w of entry.warnings.names) diagnostics.warn(w);
      return entry;
    }
    // A recorded app named otherwise now: parsed (its normalize warnings were replayed already).
    const app =
      "recorded" in entry
        ? {
            ...normalizeApp(entry.parse(), entry.source, new Diagnostics()),
            text: entry.schemaText(),
            normalizeWarnings: entry.warnings.normalize,
          }
        : entry;
    const typeName = toTypeName(propertyName);
    const named = new Diagnostics();
    const actions = nameActions(app, typeName, bindings.get(app.slug), named);
    for (const w of named.items) diagnostics.warn(w);
    return {
      slug: app.slug,
      name: app.name,
      description: app.description,
      fileName,
      propertyName,
      typeName,
      actions,
      snapshot: app.snapshot,
      text: app.text,
      warnings: { normalize: app.normalizeWarnings ?? [], names: named.items },
    };
  });
}

/** An app name is taken when it, or a name declared from it, is reserved or a runtime name. */
function isTakenAppName(name: string): boolean {
  const type = toTypeName(name);
  return (
    isReservedAppName(name) ||
    RUNTIME_NAMES.has(`${type}Actions`) ||
    RUNTIME_NAMES.has(`create${type}Actions`)
  );
}

function nameActions(
  app: NormalizedApp,
  appTypeName: string,
  bound: AppBindings | undefined,
  diagnostics: Diagnostics,
): NamedAction[] {
  const at = { slug: app.slug };
  warnLookalikes(
    app.actions.map((a) => a.actionId),
    "action ids",
    at,
    diagnostics,
  );
  for (const action of app.actions)
    warnLookalikes(
      action.fields.map((f) => f.wireName),
      "field names",
      { ...at, actionId: action.actionId },
      diagnostics,
    );
  const methods = allocate(
    app.actions.map((a) => ({
      wire: a.actionId,
      base: identifierFor(a.actionId, "action", "Action", isReservedMethodName),
      bound: bound?.methods.get(a.actionId),
    })),
    { key: toTypeName, isTaken: isReservedMethodName },
  );
  warnCollisions(methods.collisions, "action ids", at, diagnostics);
  // Params types share the module's scope with its own declarations and the runtime's names.
  const moduleNames = new Set([`${appTypeName}Actions`, `create${appTypeName}Actions`]);
  const params = allocate(
    app.actions.map((a, i) => ({
      wire: a.actionId,
      base: `${appTypeName}${toTypeName(methods.names[i]!.replace(/^_/, ""))}Params`,
      bound: bound?.params.get(a.actionId)?.startsWith(appTypeName)
        ? bound.params.get(a.actionId)
        : undefined,
    })),
    {
      key: (n) => n,
      isTaken: (n) => RUNTIME_NAMES.has(n) || moduleNames.has(n),
      suffixed: (base, n) => `${base.slice(0, -"Params".length)}${n}Params`,
    },
  );
  return app.actions.map((action, i) => ({
    ...action,
    methodName: methods.names[i]!,
    paramsTypeName: params.names[i]!,
  }));
}

/** Shown wire ids per warning; a group of 100,000 colliding ids gives one bounded line. */
const SHOWN_PER_WARNING = 4;

function warnCollisions(
  collisions: readonly Collision[],
  what: string,
  at: { slug?: string },
  diagnostics: Diagnostics,
): void {
  for (const c of collisions) {
    // The holder of the base name (the incumbent, or the first by wire id) is named first.
    const holder = c.claims.find((claim) => claim.name === c.base);
    const others = c.claims.filter((claim) => claim !== holder);
    const shown = others
      .slice(0, SHOWN_PER_WARNING)
      .map((o) => `${quoted(o.wire, 80)} is ${o.name}`);
    const more = others.length - shown.length;
    diagnostics.warn({
      code: "name-collision",
      // App-level: the warning belongs to the first app that did not get the base name.
      slug: at.slug ?? others[0]?.wire,
      message:
        `${c.claims.length} ${what} fold to the name ${c.base} (by case, spacing, punctuation or Unicode): ` +
        `${holder ? `${quoted(holder.wire, 80)} is ${holder.name}; ` : ""}${shown.join(", ")}${more ? `, and ${more} more` : ""}.`,
    });
  }
}

const INVISIBLE = unsafeCharacters();

/** Warns when wire names are equal after NFC or after removing invisible characters. */
function warnLookalikes(
  wires: readonly string[],
  what: string,
  at: { slug?: string; actionId?: string },
  diagnostics: Diagnostics,
): void {
  const groups = new Map<string, string[]>();
  for (const wire of wires) {
    const folded = wire.normalize("NFC").replace(INVISIBLE, "");
    const group = groups.get(folded);
    if (group) group.push(wire);
    else groups.set(folded, [wire]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const shown = group.slice(0, SHOWN_PER_WARNING).map((wire) => quoted(wire, 80));
    const more = group.length - shown.length;
    diagnostics.warn({
      code: "lookalike-names",
      slug: at.slug ?? group[1],
      actionId: at.actionId,
      message: `${what} ${shown.join(", ")}${more ? ` and ${more} more` : ""} look the same: they differ only by invisible characters or Unicode normalization (NFC). Their wire names are kept byte for byte.`,
    });
  }
}
