/**
 * The run key: a hash of everything besides the snapshot that shapes the output (the generator's
 * version and source, the runtime templates, the resolved versions of the libraries on the emit
 * path, the formatter config and the options that change bytes). `cache.ts` trusts a previous
 * output only when its recorded key is this run's.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { sha256 } from "../core/hash.js";
import { GENERATOR_FINGERPRINT, GENERATOR_VERSION } from "./manifest.js";
import type { GenerateOptions } from "../core/options.js";
import { TEMPLATES_DIR } from "../core/paths.js";
import { sourcesHash } from "./statCache.js";

/** Libraries whose version can change the emitted bytes. */
export const OUTPUT_LIBRARIES = ["json-schema-to-typescript", "ts-morph", "typescript", "prettier"];

let resolvedVersions: Record<string, string> | undefined;

/** The version of each output library, read from the package.json of the module Node resolves. */
export function libraryVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  resolvedVersions ??= Object.fromEntries(
    OUTPUT_LIBRARIES.map((name) => [name, resolvedVersion(require, name)]),
  );
  return resolvedVersions;
}

function resolvedVersion(require: NodeRequire, name: string): string {
  try {
    // The entry point, then up to the package.json that names the package (many packages do not
    // export `./package.json`).
    for (let dir = path.dirname(require.resolve(name)); ; dir = path.dirname(dir)) {
      const file = path.join(dir, "package.json");
      if (existsSync(file)) {
        const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
        if (pkg.name === name) return `${pkg.version}`;
      }
      if (path.dirname(dir) === dir) return "unresolved";
    }
  } catch {
    return "unresolved";
  }
}

/**
 * Hash of everything besides the snapshot that shapes the output: the generator (version and
 * source), the runtime templates, the output libraries' versions, the formatter config (with
 * prettier's version) and the options that change bytes.
 */
export async function runKey(
  options: GenerateOptions,
  configKey: string,
  versions: Record<string, string> = libraryVersions(),
  templates?: string,
): Promise<string> {
  return sha256(
    JSON.stringify([
      GENERATOR_VERSION,
      GENERATOR_FINGERPRINT,
      OUTPUT_LIBRARIES.map((name) => [name, versions[name] ?? "unresolved"]),
      configKey,
      options.apps ?? null,
      options.kinds,
      options.docs === true,
      templates ?? (await templatesHash()),
    ]),
  );
}

/**
 * Hash of what shapes the catalog model besides the snapshot: the generator's source and the
 * runtime templates (the names they reserve, the characters they call unsafe). A snapshot file
 * that is unchanged under the same model key normalizes and names as it did (see `cache.ts`).
 */
export async function modelKey(templates?: string): Promise<string> {
  return sha256(JSON.stringify([GENERATOR_FINGERPRINT, templates ?? (await templatesHash())]));
}

/** Hash of the runtime templates' sources. */
export async function templatesHash(): Promise<string> {
  return sourcesHash(TEMPLATES_DIR);
}
