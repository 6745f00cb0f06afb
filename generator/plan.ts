/**
 * Stage: plan. Decides, from the previous manifest, which modules can be reused as they are: a
 * module is reused when the hash of everything it is made from is unchanged and the file on disk
 * still has the hash recorded when it was written (so a hand edit is never kept).
 */
import { sha256 } from "./hash.js";
import { GENERATOR_FINGERPRINT, own, parseManifest, type Manifest } from "./manifest.js";
import type { EmitInput } from "./emitModule.js";
import { checkCatalogSize } from "./limits.js";
import type { AppModel, CatalogModel } from "./model.js";
import type { GenerateOptions } from "./options.js";
import { serializeAppSnapshot, sourceTextOf } from "./snapshot.js";
import type { OutputFiles } from "./writeOutput.js";

export interface AppPlan {
  /** The app without its parsed wire snapshot (`snapshotText` holds it), so that can be freed. */
  app: EmitInput;
  moduleFile: string;
  schemaFile: string;
  snapshotText: string;
  inputHash: string;
  /** The previous module text when it can be reused; undefined when it must be emitted. */
  reused?: string;
  /** `apps/<file>.meta.ts`, and its previous text when it can be reused with the module. */
  metaFile: string;
  reusedMeta?: string;
  /** Known hashes of the schema and module texts (saves hashing them again for the manifest). */
  hashes: Map<string, string>;
}

export interface Plan {
  apps: AppPlan[];
  index: { inputHash: string; reused?: string };
}

export function planOutput(
  catalog: CatalogModel,
  options: GenerateOptions,
  configKey: string,
  previous: OutputFiles,
): Plan {
  const before = options.cache ? parseManifest(previous.get("manifest.json")) : undefined;
  const trusted = before?.generator?.fingerprint === GENERATOR_FINGERPRINT ? before : undefined;
  const apps = catalog.apps.map((app): AppPlan => {
    const moduleFile = `apps/${app.fileName}.ts`;
    const schemaFile = `schemas/${app.fileName}.json`;
    const hashes = new Map<string, string>();
    const snapshotText =
      canonicalSourceText(app, trusted, schemaFile, hashes) ?? serializeAppSnapshot(app.snapshot);
    const overrides = Object.entries(options.kinds).filter(([key]) =>
      key.startsWith(`${app.slug}/`),
    );
    const schemaHash = hashes.get(schemaFile) ?? sha256(snapshotText);
    hashes.set(schemaFile, schemaHash);
    // The names depend on earlier bindings too, not only on the snapshot.
    const names = app.actions.map((a) => [a.methodName, a.paramsTypeName]);
    const inputHash = sha256(
      JSON.stringify([schemaHash, app.fileName, app.propertyName, names, overrides, configKey]),
    );
    const recorded = own(trusted?.apps, app.slug);
    const reused =
      recorded?.inputHash === inputHash && recorded.module === moduleFile
        ? unchanged(previous, moduleFile, recorded.outputHash)
        : undefined;
    if (reused !== undefined) hashes.set(moduleFile, recorded!.outputHash);
    const metaFile = `apps/${app.fileName}.meta.ts`;
    const metaHash = trusted?.files?.[metaFile];
    const reusedMeta =
      reused !== undefined && metaHash !== undefined
        ? unchanged(previous, metaFile, metaHash)
        : undefined;
    if (reusedMeta !== undefined) hashes.set(metaFile, metaHash!);
    const { snapshot: _snapshot, ...slim } = app;
    return {
      app: slim,
      moduleFile,
      schemaFile,
      snapshotText,
      inputHash,
      reused,
      metaFile,
      reusedMeta,
      hashes,
    };
  });
  checkCatalogSize(apps.map((p) => p.snapshotText));
  // The index depends only on each app's names and action count.
  const indexInput = catalog.apps.map((a) => [
    a.slug,
    a.name,
    a.fileName,
    a.propertyName,
    a.typeName,
    a.actions.length,
  ]);
  const indexHash = sha256(JSON.stringify([indexInput, configKey]));
  const index =
    trusted?.index?.inputHash === indexHash
      ? unchanged(previous, "index.ts", trusted.index.outputHash)
      : undefined;
  return { apps, index: { inputHash: indexHash, reused: index } };
}

/**
 * The text the app's snapshot was read from, when that is a file this generator wrote (its hash is
 * the one recorded): it is canonical already, so serializing the parsed snapshot again is skipped.
 */
function canonicalSourceText(
  app: AppModel,
  trusted: Manifest | undefined,
  schemaFile: string,
  hashes: Map<string, string>,
): string | undefined {
  const text = sourceTextOf(app.snapshot);
  const recorded = trusted?.files?.[schemaFile];
  if (text === undefined || recorded === undefined || sha256(text) !== recorded) return undefined;
  hashes.set(schemaFile, recorded);
  return text;
}

/** The previous file's text when it still has the recorded hash. */
function unchanged(previous: OutputFiles, file: string, outputHash: string): string | undefined {
  const text = previous.get(file);
  return text !== undefined && sha256(text) === outputHash ? text : undefined;
}

export type { Manifest };
