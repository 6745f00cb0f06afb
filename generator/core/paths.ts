/**
 * Where refold-gen's own files are. The generator runs from TypeScript source (`generator/`, via
 * tsx) or from its build (`dist/generator/`); both resolve to the same package root, so the
 * runtime templates, the bundled snapshot and the source fingerprint are the same either way.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("refold-gen: cannot find its package.json");
    dir = parent;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();
/** True when running compiled JavaScript (`dist/`), false from the TypeScript sources. */
export const FROM_BUILD = import.meta.url.includes("/dist/");
/** The hashes of the sources the build was made from (see `statCache.ts`, `sourcesHash`). */
export const BUILT_SOURCES_FILE = path.join(PACKAGE_ROOT, "dist", "sources.json");
/**
 * The emit worker's entry: the build's when running from it (the bundled CLI in `dist/cli/` too),
 * else the source's, which loads the stages through tsx.
 */
export const EMIT_WORKER_FILE = path.join(
  PACKAGE_ROOT,
  FROM_BUILD ? "dist/generator/emit/emitWorker.js" : "generator/emit/emitWorker.js",
);
/** The generator's TypeScript sources (hashed into the cache fingerprint). */
export const GENERATOR_SOURCE_DIR = path.join(PACKAGE_ROOT, "generator");
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, "templates", "runtime");
/** The catalog shipped with refold-gen: the default source with no key and no snapshot. */
export const BUNDLED_SNAPSHOT_DIR = path.join(PACKAGE_ROOT, "generated", "schemas");

/**
 * True when this copy of refold-gen is installed in someone's app (it sits under `node_modules`),
 * false in refold-gen's own checkout. Decides what messages tell people to run and whether the
 * bundled demo catalog may be a silent fallback (only in the checkout, where it is the project's own).
 */
export const INSTALLED = PACKAGE_ROOT.split(path.sep).includes("node_modules");

/** How to run the generator, as a user of this copy would type it. */
export const GENERATE_COMMAND = INSTALLED ? "npx refold-gen generate" : "npm run generate";
