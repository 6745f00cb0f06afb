/**
 * The compiled params of each app's actions, kept between runs beside the stat cache (one file per
 * output directory and app, see `core/jsonCache.ts`), by the hash of each action's schema: a
 * regeneration after one action changed compiles that action only. A file written under another
 * key (another generator, library version, config or options: the run key) is not used. What it
 * holds is read like the compiler's output (`compileParams.ts`), printed, and gated like it.
 */
import { cacheFileOf, readJsonCache, writeJsonCache } from "../core/jsonCache.js";
import type { AppParamsCache, CompiledInterface } from "./compileParams.js";

interface ParamsCacheFile {
  key: string;
  compiled: Record<string, CompiledInterface>;
}

/** The params cache of an app emit job that has a key (none without). */
export function paramsCacheOf(
  outDir: string,
  job: { app: { fileName: string }; paramsKey?: string },
): AppParamsCache | undefined {
  return job.paramsKey === undefined
    ? undefined
    : appParamsCache(outDir, job.paramsKey, job.app.fileName);
}

/** The cache of app `fileName`'s compiled params for output directory `outDir`, under `key`. */
export function appParamsCache(outDir: string, key: string, fileName: string): AppParamsCache {
  const file = cacheFileOf(outDir, `.params/${fileName}.json`);
  const read = readJsonCache<ParamsCacheFile>(file);
  const known = new Map<string, CompiledInterface>();
  if (read?.key === key && read.compiled && typeof read.compiled === "object")
    for (const [hash, compiled] of Object.entries(read.compiled))
      if (isCompiledInterface(compiled)) known.set(hash, compiled);
  return {
    known,
    save(compiled) {
      const same =
        compiled.size === known.size && [...compiled].every(([h, c]) => known.get(h) === c);
      if (!same) writeJsonCache(file, { key, compiled: Object.fromEntries(compiled) });
    },
  };
}

/** The shape `compileParams` writes; anything else in the file is ignored (and compiled again). */
function isCompiledInterface(value: unknown): value is CompiledInterface {
  const c = value as CompiledInterface;
  return (
    c !== null &&
    typeof c === "object" &&
    typeof c.name === "string" &&
    isDoc(c.doc) &&
    Array.isArray(c.members) &&
    c.members.every(
      (m) =>
        m !== null &&
        typeof m === "object" &&
        Number.isInteger(m.field) &&
        m.field >= 0 &&
        typeof m.optional === "boolean" &&
        typeof m.type === "string" &&
        !m.type.includes("\n") &&
        isDoc(m.doc),
    )
  );
}

const isDoc = (doc: unknown) =>
  doc === undefined ||
  (Array.isArray(doc) && doc.every((l) => typeof l === "string" && !l.includes("*/")));
