/**
 * The fast path of an unchanged regeneration. When the output directory holds exactly the files
 * the last run wrote (every file's bytes hash as recorded in the manifest) and nothing that shapes
 * the output changed (the run key: generator, runtime, formatter config, options), a fresh run
 * would write the same bytes, so the pipeline is skipped. Only offline runs from `<out>/schemas`
 * qualify: anything else (a live fetch, another snapshot directory) takes the full path.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { compareCodeUnits } from "./canonicalJson.js";
import { sha256 } from "./hash.js";
import { PACKAGE_ROOT, TEMPLATES_DIR } from "./paths.js";
import {
  GENERATOR_FINGERPRINT,
  GENERATOR_VERSION,
  parseManifest,
  type Manifest,
} from "./manifest.js";
import type { GenerateOptions } from "./options.js";

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
): Promise<string> {
  const templates = (await readdir(TEMPLATES_DIR, { recursive: true }))
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const runtime = await Promise.all(
    templates.map(async (f) => f + "\0" + (await readFile(path.join(TEMPLATES_DIR, f), "utf8"))),
  );
  return sha256(
    JSON.stringify([
      GENERATOR_VERSION,
      GENERATOR_FINGERPRINT,
      OUTPUT_LIBRARIES.map((name) => [name, versions[name] ?? "unresolved"]),
      configKey,
      options.apps ?? null,
      options.kinds,
      sha256(runtime.join("\0")),
    ]),
  );
}

export interface CurrentOutput {
  manifest: Manifest;
  /** Every output file, manifest included, as read (decoded on first use: most callers never look). */
  readonly files: Map<string, string>;
}

/**
 * The output as it is when it is provably current; undefined when the full pipeline must run.
 * Every file's bytes must hash as the manifest records. Files whose size, modification time and
 * inode are those recorded when they were last verified (the stat cache, below) are not hashed
 * again, as git does for its index.
 */
export async function currentOutput(
  outDir: string,
  key: string,
): Promise<CurrentOutput | undefined> {
  const manifestFile = path.join(outDir, "manifest.json");
  if (!existsSync(manifestFile)) return undefined;
  const manifestText = await readFile(manifestFile, "utf8");
  const manifest = parseManifest(manifestText);
  if (!manifest?.files || manifest.run?.key !== key) return undefined;
  const onDisk = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(outDir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => f !== "manifest.json")
    .sort(compareCodeUnits);
  if (onDisk.length !== Object.keys(manifest.files).length) return undefined;
  const stamps = Object.fromEntries(onDisk.map((file) => [file, stamp(path.join(outDir, file))]));
  const cacheFile = statCacheFile(outDir);
  const verified = readStatCache(cacheFile, sha256(manifestText)) ?? {};
  // Only files touched since they were last verified are hashed; the first mismatch ends the check.
  for (const file of onDisk) {
    if (verified[file] === stamps[file]) continue;
    const want = manifest.files[file];
    if (want === undefined || sha256(readFileSync(path.join(outDir, file))) !== want)
      return undefined;
  }
  if (onDisk.some((file) => verified[file] !== stamps[file]))
    writeStatCache(cacheFile, sha256(manifestText), stamps);
  let files: Map<string, string> | undefined;
  return {
    manifest,
    get files() {
      files ??= new Map(
        [...onDisk, "manifest.json"]
          .sort(compareCodeUnits)
          .map((file) => [file, readFileSync(path.join(outDir, file), "utf8")]),
      );
      return files;
    },
  };
}

/**
 * Records the stat stamps of an output this process has just written (so the bytes are known to
 * hash as its manifest says): the next unchanged run then skips hashing.
 */
export function rememberWrittenOutput(outDir: string, files: ReadonlyMap<string, string>): void {
  const manifestText = files.get("manifest.json");
  if (manifestText === undefined) return;
  try {
    const stamps = Object.fromEntries(
      [...files.keys()]
        .filter((f) => f !== "manifest.json")
        .map((file) => [file, stamp(path.join(outDir, file))]),
    );
    writeStatCache(statCacheFile(outDir), sha256(manifestText), stamps);
  } catch {
    // A file vanished or cannot be read: no cache, the next run hashes.
  }
}

/** Size, modification time and inode: what changes when a file is edited or replaced. */
function stamp(file: string): string {
  const s = statSync(file, { bigint: true });
  return `${s.size}:${s.mtimeNs}:${s.ino}`;
}

/**
 * The stat cache lives outside the output (which must stay byte-for-byte deterministic), under
 * `node_modules/.cache/refold-gen/`, one file per output directory. It is only an optimisation:
 * when missing or unreadable, files are hashed.
 */
function statCacheFile(outDir: string): string {
  return path.join(
    PACKAGE_ROOT,
    "node_modules",
    ".cache",
    "refold-gen",
    `${sha256(path.resolve(outDir)).slice(0, 16)}.json`,
  );
}

function readStatCache(file: string, manifestHash: string): Record<string, string> | undefined {
  try {
    const cache = JSON.parse(readFileSync(file, "utf8")) as {
      manifest?: string;
      stamps?: Record<string, string>;
    };
    return cache.manifest === manifestHash ? cache.stamps : undefined;
  } catch {
    return undefined;
  }
}

function writeStatCache(file: string, manifestHash: string, stamps: Record<string, string>): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ manifest: manifestHash, stamps }));
  } catch {
    // No cache (read-only install, no node_modules): the next run hashes again.
  }
}
