/**
 * Stage: plan. Lays out every output file of the catalog and what each app module is made from (its
 * input hash: its snapshot, names, overrides and `moduleKey`, what shapes every module); `reuse`
 * (from `cache.ts`) says which previous files can be kept as they are. A recorded app (not parsed)
 * comes with its kept files already.
 */
import { moduleInputHash, recordedModelHash, type Reuse } from "./reuse.js";
import { textKeyed } from "./manifest.js";
import type { EmitInput } from "../emit/emitModule.js";
import { sha256 } from "../core/hash.js";
import { checkCatalogSize } from "../core/limits.js";
import type { KeptFile } from "../core/diskFile.js";
import type { AppModel, AppWarnings, ManifestNames, RecordedApp } from "../core/model.js";
import { toTypeName } from "../model/names.js";
import type { GenerateOptions } from "../core/options.js";
import { serializeAppSnapshot } from "../core/snapshot.js";

export interface AppPlan {
  slug: string;
  name: string;
  fileName: string;
  propertyName: string;
  typeName: string;
  actionCount: number;
  /** The names bound to its wire ids, as its manifest entry records them. */
  names: ManifestNames;
  warnings: AppWarnings;
  /** The manifest's hash of its name, actions, names and warnings (see `recordedModelHash`). */
  model: string;
  /** The app without its parsed wire snapshot, to emit from; absent for a recorded app (kept as is). */
  app?: EmitInput;
  moduleFile: string;
  schemaFile: string;
  /** The snapshot file's text, or the previous one kept as it is. */
  schema: string | KeptFile;
  inputHash: string;
  /** The previous module when it can be kept; undefined when it must be emitted. */
  reused?: KeptFile;
  /** `apps/<file>.meta.ts`, and the previous one when it can be kept with the module. */
  metaFile: string;
  reusedMeta?: KeptFile;
  /** The previous `docs/<file>.md` of a recorded app. */
  reusedDocs?: KeptFile;
  /** Known hashes of the schema and module texts (saves hashing them again for the manifest). */
  hashes: Map<string, string>;
}

export interface Plan {
  apps: AppPlan[];
  index: { inputHash: string; reused?: KeptFile };
}

export function planOutput(
  catalog: { apps: readonly (AppModel | RecordedApp)[] },
  options: GenerateOptions,
  moduleKey: string,
  reuse: Reuse,
): Plan {
  const apps = catalog.apps.map((app) =>
    "recorded" in app ? planRecorded(app) : planApp(app, options, moduleKey, reuse),
  );
  checkCatalogSize(apps.map((p) => p.schema));
  // The index depends only on each app's names and action count.
  const indexInput = apps.map((a) => [
    a.slug,
    a.name,
    a.fileName,
    a.propertyName,
    a.typeName,
    a.actionCount,
  ]);
  const indexHash = sha256(JSON.stringify([indexInput, moduleKey]));
  return { apps, index: { inputHash: indexHash, reused: reuse.index(indexHash) } };
}

function planApp(
  app: AppModel,
  options: GenerateOptions,
  moduleKey: string,
  reuse: Reuse,
): AppPlan {
  const moduleFile = `apps/${app.fileName}.ts`;
  const schemaFile = `schemas/${app.fileName}.json`;
  const metaFile = `apps/${app.fileName}.meta.ts`;
  const hashes = new Map<string, string>();
  // A text the last run wrote is canonical already: serializing the parsed snapshot is skipped.
  const writtenHash = app.text === undefined ? undefined : reuse.written(schemaFile, app.text);
  const snapshotText = writtenHash !== undefined ? app.text! : serializeAppSnapshot(app.snapshot);
  const schemaHash = writtenHash ?? sha256(snapshotText);
  hashes.set(schemaFile, schemaHash);
  // The names depend on earlier bindings too, not only on the snapshot.
  const inputHash = moduleInputHash(
    schemaHash,
    app.fileName,
    app.propertyName,
    app.actions.map((a) => [a.methodName, a.paramsTypeName]),
    options.kinds,
    app.slug,
    moduleKey,
  );
  const reused = reuse.module(app.slug, moduleFile, inputHash);
  const reusedMeta = reused && reuse.file(metaFile);
  if (reused) hashes.set(moduleFile, reused.hash);
  if (reusedMeta) hashes.set(metaFile, reusedMeta.hash);
  const { snapshot: _snapshot, text: _text, ...slim } = app;
  const warnings = app.warnings ?? { normalize: [], names: [] };
  return {
    slug: app.slug,
    name: app.name,
    fileName: app.fileName,
    propertyName: app.propertyName,
    typeName: app.typeName,
    actionCount: app.actions.length,
    names: namesOf(app),
    warnings,
    model: recordedModelHash(
      app.name,
      app.actions.length,
      app.propertyName,
      app.actions.map((a) => [a.actionId, a.methodName, a.paramsTypeName]),
      warnings.normalize.length || warnings.names.length ? warnings : undefined,
    ),
    app: slim,
    moduleFile,
    schemaFile,
    schema: snapshotText,
    inputHash,
    reused,
    metaFile,
    reusedMeta,
    hashes,
  };
}

function planRecorded(app: RecordedApp): AppPlan {
  const moduleFile = `apps/${app.fileName}.ts`;
  const schemaFile = `schemas/${app.fileName}.json`;
  const metaFile = `apps/${app.fileName}.meta.ts`;
  return {
    slug: app.slug,
    name: app.name,
    fileName: app.fileName,
    propertyName: app.propertyName,
    typeName: toTypeName(app.propertyName),
    actionCount: app.actionCount,
    names: app.manifestNames,
    warnings: app.warnings,
    model: app.model,
    moduleFile,
    schemaFile,
    schema: app.schema,
    inputHash: app.inputHash,
    reused: app.module,
    metaFile,
    reusedMeta: app.meta,
    reusedDocs: app.docs,
    hashes: new Map([
      [schemaFile, app.schemaHash],
      [moduleFile, app.module.hash],
      [metaFile, app.meta.hash],
    ]),
  };
}

/** The names this run bound to the app's wire ids, recorded so the next run keeps them. */
function namesOf(app: AppModel): ManifestNames {
  const methods = textKeyed<string>();
  const params = textKeyed<string>();
  for (const action of app.actions) {
    methods[action.actionId] = action.methodName;
    params[action.actionId] = action.paramsTypeName;
  }
  return { property: app.propertyName, methods, params };
}
