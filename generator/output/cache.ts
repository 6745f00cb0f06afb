/**
 * Every reuse decision of a run, in one place; the stages themselves are plain functions.
 *
 * - What is current: when the output directory holds exactly the files the last run wrote (every
 *   file's bytes hash as its manifest records) and the run key (`runKey.ts`) is this run's, a fresh
 *   run would write the same bytes, so the pipeline is skipped. Only offline runs from
 *   `<out>/schemas` qualify: anything else (a live fetch, another snapshot directory) runs it.
 *   The check itself is `currentOutput.ts`.
 * - What the stat cache says (`statCache.ts`): files whose size, modification time and inode are
 *   those recorded when they were last verified are not hashed again, as git does for its index.
 * - What can be reused: a module whose inputs hash as recorded and whose file still has the hash
 *   recorded when it was written (so a hand edit is never kept), and a snapshot text that is
 *   byte-for-byte the one the last run wrote (so it is canonical already). Only an output of the
 *   same generator (fingerprint) is trusted, and nothing is with `--no-cache`.
 * - What need not be parsed (`recorded`): a snapshot file that is byte for byte the one the last
 *   run wrote, under the same model key, whose module, metadata and docs can all be kept. Its
 *   name, names and warnings are the manifest's (guarded by a hash over them).
 */
import type { BigIntStats } from "node:fs";
import path from "node:path";
import { canonicalJson, compareCodeUnits } from "../core/canonicalJson.js";
import { sha256 } from "../core/hash.js";
import {
  bindingsOf,
  GENERATOR_FINGERPRINT,
  own,
  parseManifest,
  type Manifest,
  type ManifestApp,
} from "./manifest.js";
import type { CatalogBindings } from "../model/names.js";
import type { GenerateOptions } from "../core/options.js";
import { docsFile } from "../emit/emitDocs.js";
import type { AppWarnings, RecordedApp } from "../core/model.js";
import { toTypeName } from "../model/names.js";
import { parseSnapshot, type SnapshotText } from "../source/readSnapshot.js";
import { libraryVersions, modelKey, OUTPUT_LIBRARIES, runKey } from "./runKey.js";
import { MANIFEST_STAMP_KEY, stampOf, verifiedStamps } from "./statCache.js";
import { readOutputDir, type OutputFiles } from "./writeOutput.js";
import { currentOutput, readManifestFile, type CurrentOutput } from "./currentOutput.js";

export interface Cache {
  /** Recorded in the manifest: the next run trusts this output only under the same key. */
  key: string;
  /** What shapes every module besides its own app (formatter config, emit library versions). */
  moduleKey: string;
  /** The output when it is provably current: nothing needs to run. */
  current?: CurrentOutput;
  /** The previous output as read (empty when `current` is set, or when there is none). */
  previous: OutputFiles;
  /** Names bound by the previous output: kept whatever its generator version or `--no-cache`. */
  bindings: CatalogBindings;
  /** Snapshot texts already read with the previous output, by file name (so not read twice). */
  snapshotTexts?: ReadonlyMap<string, string>;
  /** Nothing will be reused: every app is emitted. */
  reusesNothing: boolean;
  reuse: Reuse;
  /** Recorded in the manifest: the next run reuses its app models only under the same key. */
  modelKey: string;
  /** The app a snapshot file holds, from the manifest, when it need not be parsed. */
  recorded(file: SnapshotText): RecordedApp | undefined;
}

/** A previous file that may be kept as it is, with its recorded hash. */
export interface Reused {
  text: string;
  hash: string;
}

export interface Reuse {
  /** The recorded hash of `file` when `text` is byte-for-byte what the previous run wrote there. */
  written(file: string, text: string): string | undefined;
  /** The app's previous module, when its inputs hash as recorded and the file is intact. */
  module(slug: string, file: string, inputHash: string): Reused | undefined;
  /** A previous file other than a module or the index, when intact. */
  file(file: string): Reused | undefined;
  /** The previous index, when its inputs hash as recorded and the file is intact. */
  index(inputHash: string): Reused | undefined;
}

/**
 * Opens the cache of a run writing to `outDir` from `snapshotDir` (undefined for a live source).
 * `configKey` identifies the formatter config.
 */
export async function openCache(
  options: GenerateOptions,
  outDir: string,
  snapshotDir: string | undefined,
  configKey: string,
): Promise<Cache> {
  const versions = libraryVersions();
  const key = await runKey(options, configKey, versions);
  const model = await modelKey();
  const fromOwnSnapshot = snapshotDir === path.join(outDir, "schemas");
  // Parsed once: the up-to-date check and the reuse decisions below read the same manifest.
  const recordedManifest = options.cache ? await readManifestFile(outDir) : undefined;
  const current =
    recordedManifest && fromOwnSnapshot
      ? await currentOutput(outDir, key, recordedManifest)
      : undefined;
  // Files unchanged on disk since they were verified against the previous manifest are neither
  // decoded with checks nor hashed again.
  const verified = options.cache && !current ? verifiedStamps(outDir) : {};
  // Files whose stamp is the verified one, as `readOutputDir` stats them.
  const unchangedFiles = new Set<string>();
  const unchanged = (file: string, stats: BigIntStats) => {
    const same = verified[file] !== undefined && verified[file] === stampOf(stats);
    if (same) unchangedFiles.add(file);
    return same;
  };
  const previous: OutputFiles = current ? new Map() : await readOutputDir(outDir, unchanged);
  const manifestText = previous.get("manifest.json");
  const manifest =
    recordedManifest && manifestText === recordedManifest.text
      ? recordedManifest.manifest
      : parseManifest(manifestText);
  const trusted =
    options.cache && manifest?.generator?.fingerprint === GENERATOR_FINGERPRINT
      ? manifest
      : undefined;
  if (trusted && sha256(manifestText!) !== verified[MANIFEST_STAMP_KEY]) unchangedFiles.clear();
  const moduleKey = sha256(
    JSON.stringify([configKey, OUTPUT_LIBRARIES.map((name) => [name, versions[name]])]),
  );
  const reuse = reuseFrom(trusted, previous, (file) => unchangedFiles.has(file));
  return {
    key,
    moduleKey,
    current,
    previous,
    bindings: bindingsOf(manifest),
    snapshotTexts: fromOwnSnapshot ? snapshotTexts(previous) : undefined,
    reusesNothing: trusted === undefined,
    reuse,
    modelKey: model,
    recorded:
      trusted?.run?.model === model
        ? recordedFrom(trusted, reuse, options, moduleKey)
        : () => undefined,
  };
}

/** What an app module is made from, hashed: `plan.ts` records it, `reuse.module` compares it. */
export function moduleInputHash(
  schemaHash: string,
  fileName: string,
  propertyName: string,
  names: readonly (readonly [string, string])[],
  kinds: GenerateOptions["kinds"],
  slug: string,
  moduleKey: string,
): string {
  // Overrides are part of it, so a kind change re-emits only that app.
  const overrides = Object.entries(kinds).filter(([key]) => key.startsWith(`${slug}/`));
  return sha256(JSON.stringify([schemaHash, fileName, propertyName, names, overrides, moduleKey]));
}

/**
 * Guards the parts of a manifest entry that stand in for parsing the app (see `recorded`): its
 * name, action count, property, names ([action id, method, params type] in action id order) and
 * warnings.
 */
export function recordedModelHash(
  name: string,
  actions: number,
  property: string,
  names: readonly (readonly [string, string, string])[],
  warnings: AppWarnings | undefined,
): string {
  return sha256(
    JSON.stringify([name, actions, property, names, warnings ? canonicalJson(warnings) : null]),
  );
}

function recordedFrom(
  trusted: Manifest,
  reuse: Reuse,
  options: GenerateOptions,
  moduleKey: string,
): (file: SnapshotText) => RecordedApp | undefined {
  const bySchema = new Map<string, [string, ManifestApp]>();
  for (const [slug, app] of Object.entries(trusted.apps))
    if (app && typeof app.schema === "string") bySchema.set(app.schema, [slug, app]);
  const bindings = bindingsOf(trusted);
  return (file) => {
    const schemaFile = `schemas/${file.name}`;
    const [slug, app] = bySchema.get(schemaFile) ?? [];
    const bound = slug === undefined ? undefined : bindings.get(slug);
    // A byte order mark is stripped from the text, but must still be warned about.
    if (!app || !bound || file.warnings.length || !app.names || !app.model) return undefined;
    const { property, file: fileName } = bound;
    // The schema file is the one the run that wrote the module wrote beside it.
    if (
      property === undefined ||
      fileName === undefined ||
      schemaFile !== `schemas/${fileName}.json`
    )
      return undefined;
    const { methods, params } = app.names;
    const ids = Object.keys(methods).sort(compareCodeUnits);
    const names = ids.map((id): [string, string, string] => [id, methods[id]!, params[id]!]);
    if (app.model !== recordedModelHash(app.name, app.actions, property, names, app.warnings))
      return undefined;
    // Every recorded name must be one the next naming keeps (see `names.ts`): all bound, none dropped.
    const typeName = toTypeName(property);
    if (
      ids.length !== app.actions ||
      bound.params.size !== ids.length ||
      names.some(
        ([id, method, paramsType]) =>
          bound.methods.get(id) !== method ||
          bound.params.get(id) !== paramsType ||
          !paramsType.startsWith(typeName),
      )
    )
      return undefined;
    const schemaHash = reuse.written(schemaFile, file.text);
    if (schemaHash === undefined) return undefined;
    const inputHash = moduleInputHash(
      schemaHash,
      fileName,
      property,
      names.map(([, method, params]) => [method, params]),
      options.kinds,
      slug!,
      moduleKey,
    );
    const module = reuse.module(slug!, `apps/${fileName}.ts`, inputHash);
    const meta = module && reuse.file(`apps/${fileName}.meta.ts`);
    const docs = options.docs ? reuse.file(docsFile({ fileName })) : undefined;
    if (!module || !meta || (options.docs && !docs)) return undefined;
    return {
      recorded: true,
      slug: slug!,
      name: app.name,
      source: file.source,
      text: file.text,
      schemaHash,
      actionCount: app.actions,
      fileName,
      propertyName: property,
      names,
      warnings: app.warnings ?? { normalize: [], names: [] },
      inputHash,
      module,
      meta,
      docs,
      parse: () => parseSnapshot(file).snapshot,
    };
  };
}

function reuseFrom(
  trusted: Manifest | undefined,
  previous: OutputFiles,
  unchanged: (file: string) => boolean,
): Reuse {
  const intact = (file: string, hash: string | undefined): Reused | undefined => {
    const text = hash === undefined ? undefined : previous.get(file);
    return text !== undefined && (unchanged(file) || sha256(text) === hash)
      ? { text, hash: hash! }
      : undefined;
  };
  return {
    written: (file, text) => {
      const recorded = trusted?.files?.[file];
      if (recorded === undefined) return undefined;
      // The very text read from an intact previous file (the common case) needs no hashing.
      if (previous.get(file) === text && intact(file, recorded)) return recorded;
      return sha256(text) === recorded ? recorded : undefined;
    },
    module: (slug, file, inputHash) => {
      const recorded = own(trusted?.apps, slug);
      return recorded?.inputHash === inputHash && recorded.module === file
        ? intact(file, recorded.outputHash)
        : undefined;
    },
    file: (file) => intact(file, trusted?.files?.[file]),
    index: (inputHash) =>
      trusted?.index?.inputHash === inputHash
        ? intact("index.ts", trusted.index.outputHash)
        : undefined,
  };
}

/** `schemas/<name>.json` texts of the previous output, by file name. */
function snapshotTexts(previous: OutputFiles): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file, text] of previous)
    if (file.startsWith("schemas/")) texts.set(file.slice("schemas/".length), text);
  return texts;
}
