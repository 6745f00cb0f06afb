/**
 * What a run can reuse from the previous output (`cache.ts` decides when to ask): a module whose
 * inputs hash as recorded and whose file still has the hash recorded when it was written (so a
 * hand edit is never kept), a snapshot text that is byte for byte the one the last run wrote (so
 * it is canonical already), and an app that need not be parsed at all (`recordedFrom`): a snapshot
 * file the last run wrote, under the same model key, whose module, metadata and docs can all be
 * kept; its name, names and warnings are the manifest's.
 */
import { canonicalJson, compareCodeUnits } from "../core/canonicalJson.js";
import { sha256 } from "../core/hash.js";
import { own, type Manifest, type ManifestApp } from "./manifest.js";
import type { AppBindings, CatalogBindings } from "../model/names.js";
import type { GenerateOptions } from "../core/options.js";
import { docsFile } from "../emit/emitDocs.js";
import type { AppWarnings, RecordedApp } from "../core/model.js";
import { toTypeName } from "../model/names.js";
import { parseSnapshot, type SnapshotText } from "../source/readSnapshot.js";
import type { KeptFile, OutputFiles } from "./outputFiles.js";

export interface Reuse {
  /** The recorded hash of `file` when `text` is byte-for-byte what the previous run wrote there. */
  written(file: string, text: string): string | undefined;
  /** The app's previous module, when its inputs hash as recorded and the file is intact. */
  module(slug: string, file: string, inputHash: string): KeptFile | undefined;
  /** A previous file other than a module or the index, when intact. */
  file(file: string): KeptFile | undefined;
  /** The previous index, when its inputs hash as recorded and the file is intact. */
  index(inputHash: string): KeptFile | undefined;
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

/**
 * The recorded app of a snapshot file, when it need not be parsed. A manifest this generator
 * wrote under this very run key (`sealed`, as the stat cache says) holds entries that are what
 * this run computes: only what may have changed on disk since is checked (the snapshot, module,
 * metadata and docs files). Any other manifest's entry is checked in full: its hash over name,
 * names and warnings, its names against the next naming, and its module's input hash.
 */
export function recordedFrom(
  trusted: Manifest,
  bindings: CatalogBindings,
  reuse: Reuse,
  options: GenerateOptions,
  moduleKey: string,
  sealed: boolean,
): (file: SnapshotText) => RecordedApp | undefined {
  const bySchema = new Map<string, [string, ManifestApp]>();
  for (const [slug, app] of Object.entries(trusted.apps))
    if (app && typeof app.schema === "string") bySchema.set(app.schema, [slug, app]);
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
    const names = sealed ? undefined : checkedNames(app, bound, property);
    if (!sealed && !names) return undefined;
    // A snapshot file of the previous output, unchanged since verified, is kept without reading.
    const schema = file.disk ? reuse.file(schemaFile) : undefined;
    const schemaHash = schema?.hash ?? reuse.written(schemaFile, file.text);
    if (schemaHash === undefined) return undefined;
    // Sealed: the recorded input hash is the one this run computes (same schema, same key).
    const inputHash = names
      ? moduleInputHash(
          schemaHash,
          fileName,
          property,
          names.map(([, method, params]) => [method, params]),
          options.kinds,
          slug!,
          moduleKey,
        )
      : app.inputHash;
    const module = reuse.module(slug!, `apps/${fileName}.ts`, inputHash);
    const meta = module && reuse.file(`apps/${fileName}.meta.ts`);
    const docs = options.docs ? reuse.file(docsFile({ fileName })) : undefined;
    if (!module || !meta || (options.docs && !docs)) return undefined;
    return {
      recorded: true,
      slug: slug!,
      name: app.name,
      source: file.source,
      schema: schema ?? file.text,
      schemaHash,
      actionCount: app.actions,
      fileName,
      propertyName: property,
      manifestNames: app.names,
      warnings: app.warnings ?? { normalize: [], names: [] },
      model: app.model,
      inputHash,
      module,
      meta,
      docs,
      parse: () => parseSnapshot(file).snapshot,
      schemaText: () => file.text,
    };
  };
}

/**
 * The entry's names as [action id, method, params type], when the entry is one a run wrote: its
 * hash holds, and every name is one the next naming keeps (see `names.ts`): all bound, none
 * dropped. Undefined otherwise.
 */
function checkedNames(
  app: ManifestApp,
  bound: AppBindings,
  property: string,
): [string, string, string][] | undefined {
  const { methods, params } = app.names!;
  const ids = Object.keys(methods).sort(compareCodeUnits);
  // The entry is written again as it is: it must hold nothing a fresh run would not write.
  if (Object.keys(app.names!).length !== 3 || Object.keys(params).length !== ids.length)
    return undefined;
  const names = ids.map((id): [string, string, string] => [id, methods[id]!, params[id]!]);
  // Warnings are recorded only when there are some: anything else is not what a run wrote.
  const w = app.warnings;
  if (
    w !== undefined &&
    !(Array.isArray(w.normalize) && Array.isArray(w.names) && w.normalize.length + w.names.length)
  )
    return undefined;
  if (app.model !== recordedModelHash(app.name, app.actions, property, names, w)) return undefined;
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
  return names;
}

export function reuseFrom(
  trusted: Manifest | undefined,
  previous: OutputFiles,
  unchanged: (file: string) => boolean,
): Reuse {
  const intact = (file: string, hash: string | undefined): KeptFile | undefined => {
    const disk = hash === undefined ? undefined : previous.disk(file);
    return disk && (unchanged(file) || sha256(previous.get(file)!) === hash)
      ? { disk, hash: hash! }
      : undefined;
  };
  return {
    written: (file, text) => {
      const recorded = trusted?.files?.[file];
      return recorded !== undefined && sha256(text) === recorded ? recorded : undefined;
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
