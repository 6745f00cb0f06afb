/**
 * The manifest (`manifest.json`): the generator version and, per app, a hash of everything its
 * module is made from and a hash of the module itself. An app whose input hash is unchanged and
 * whose file on disk still has the recorded hash is not re-emitted.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { canonicalJson } from "./canonicalJson.js";
import { GENERATOR_SOURCE_DIR, PACKAGE_ROOT } from "./paths.js";
import type { Diagnostic } from "./diagnostics.js";

export interface ManifestApp {
  name: string;
  actions: number;
  module: string;
  schema: string;
  /** Hash of the app's snapshot, its overrides, the formatter config and the generator fingerprint. */
  inputHash: string;
  /** Hash of the emitted module's bytes. */
  outputHash: string;
}

export interface Manifest {
  generator: { name: "refold-gen"; version: string; fingerprint: string };
  /** Hashes of the index module's inputs and bytes. */
  index?: { inputHash: string; outputHash: string };
  apps: Record<string, ManifestApp>;
  /** Hash of everything besides the snapshot that shaped this output (see `upToDate.ts`). */
  run?: { key: string };
  /** SHA-256 of every other output file's bytes. */
  files?: Record<string, string>;
  /** The warnings of the run that wrote this output, replayed when nothing changed. */
  warnings?: Diagnostic[];
}

export const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const GENERATOR_DIR = GENERATOR_SOURCE_DIR;

/** The package version, plus a hash of the generator's own source so a code change invalidates every cache entry. */
export const GENERATOR_VERSION: string = JSON.parse(
  readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"),
).version;

export const GENERATOR_FINGERPRINT: string = sha256(
  readdirSync(GENERATOR_DIR, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => f + "\0" + readFileSync(path.join(GENERATOR_DIR, f), "utf8"))
    .join("\0"),
).slice(0, 16);

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
