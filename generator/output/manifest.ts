/**
 * The manifest (`manifest.json`): the generator version and, per app, a hash of everything its
 * module is made from and a hash of the module itself. An app whose input hash is unchanged and
 * whose file on disk still has the recorded hash is not re-emitted.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "../core/canonicalJson.js";
import { sha256 } from "../core/hash.js";
import { GENERATOR_SOURCE_DIR, PACKAGE_ROOT } from "../core/paths.js";
import type { Diagnostic } from "../core/diagnostics.js";
import type { AppWarnings, ManifestNames } from "../core/model.js";
import type { AppBindings, CatalogBindings } from "../model/names.js";
import { sourcesHash } from "./statCache.js";

export interface ManifestApp {
  name: string;
  actions: number;
  module: string;
  schema: string;
  /** Hash of the app's snapshot, its overrides, the formatter config and the generator fingerprint. */
  inputHash: string;
  /** Hash of the emitted module's bytes. */
  outputHash: string;
  /** The names bound to this app's wire ids; the next run keeps them (see `names.ts`). */
  names?: ManifestNames;
  /** The warnings normalizing and naming the app gave (when any): replayed while its snapshot is unchanged. */
  warnings?: AppWarnings;
  /** Hash of `name`, `actions`, `names` and `warnings`, so an edited entry is not reused. */
  model?: string;
}

export type { ManifestNames };

export interface Manifest {
  generator: { name: "refold-gen"; version: string; fingerprint: string };
  /** Hashes of the index module's inputs and bytes. */
  index?: { inputHash: string; outputHash: string };
  /** By slug; a null-prototype object, since slugs are remote text (`__proto__` is a fine slug). */
  apps: Record<string, ManifestApp>;
  /**
   * Hashes of everything besides the snapshot that shaped this output, and of what shapes the
   * catalog model (normalize and name) besides each app's snapshot (see `runKey.ts`).
   */
  run?: { key: string; model?: string };
  /** SHA-256 of every other output file's bytes. */
  files?: Record<string, string>;
  /** The warnings of the run that wrote this output, replayed when nothing changed. */
  warnings?: Diagnostic[];
}

const GENERATOR_DIR = GENERATOR_SOURCE_DIR;

/** The package version, plus a hash of the generator's own source so a code change invalidates every cache entry. */
export const GENERATOR_VERSION: string = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"),
).version;

export const GENERATOR_FINGERPRINT: string = sourcesHash(GENERATOR_DIR).slice(0, 16);

export function serializeManifest(manifest: Manifest): string {
  return canonicalJson(manifest);
}

export function parseManifest(text: string | undefined): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Manifest;
    return value && typeof value === "object" && value.apps && typeof value.apps === "object"
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/** A null-prototype record, for anything keyed by remote text. */
export function textKeyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `record[key]` when it is an own property (never an inherited `constructor` or `__proto__`). */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A bound identifier is only trusted when it is one (the manifest may have been edited by hand). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,199}$/;
/** A params type name as `names.ts` builds them (PascalCase, `Params` last). */
const PARAMS_TYPE = /^[A-Z][A-Za-z0-9]{0,199}Params$/;
const MODULE_FILE = /^apps\/([a-z0-9_][a-z0-9_-]{0,99})\.ts$/i;

/**
 * The name bindings a manifest records, by slug; malformed entries are ignored. An app's method
 * and params maps are built when first asked for: a run that changed one app asks for its own.
 */
export function bindingsOf(manifest: Manifest | undefined): CatalogBindings {
  const bindings = new Map<string, AppBindings>();
  if (!manifest) return bindings;
  for (const [slug, app] of Object.entries(manifest.apps)) {
    if (!app || typeof app !== "object") continue;
    const names = app.names && typeof app.names === "object" ? app.names : undefined;
    const property = names?.property;
    let methods: Map<string, string> | undefined;
    let params: Map<string, string> | undefined;
    bindings.set(slug, {
      property: typeof property === "string" && IDENTIFIER.test(property) ? property : undefined,
      file: typeof app.module === "string" ? MODULE_FILE.exec(app.module)?.[1] : undefined,
      get methods() {
        return (methods ??= identifierMap(names?.methods, IDENTIFIER));
      },
      get params() {
        return (params ??= identifierMap(names?.params, PARAMS_TYPE));
      },
      source: names,
    });
  }
  return bindings;
}

function identifierMap(record: unknown, pattern: RegExp): Map<string, string> {
  const map = new Map<string, string>();
  if (!record || typeof record !== "object") return map;
  for (const [wire, name] of Object.entries(record))
    if (typeof name === "string" && pattern.test(name)) map.set(wire, name);
  return map;
}
