/**
 * Stage: plan. Lays out every output file of the catalog and what each app module is made from (its
 * input hash: its snapshot, names, overrides and `moduleKey`, what shapes every module); `reuse`
 * (from `cache.ts`) says which previous files can be kept as they are.
 */
import type { Reuse } from "./cache.js";
import type { EmitInput } from "./emitModule.js";
import { sha256 } from "./hash.js";
import { checkCatalogSize } from "./limits.js";
import type { CatalogModel } from "./model.js";
import type { GenerateOptions } from "./options.js";
import { serializeAppSnapshot } from "./snapshot.js";

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
  moduleKey: string,
  reuse: Reuse,
): Plan {
  const apps = catalog.apps.map((app): AppPlan => {
    const moduleFile = `apps/${app.fileName}.ts`;
    const schemaFile = `schemas/${app.fileName}.json`;
    const metaFile = `apps/${app.fileName}.meta.ts`;
    const hashes = new Map<string, string>();
    // A text the last run wrote is canonical already: serializing the parsed snapshot is skipped.
    const writtenHash = app.text === undefined ? undefined : reuse.written(schemaFile, app.text);
    const snapshotText = writtenHash !== undefined ? app.text! : serializeAppSnapshot(app.snapshot);
    const schemaHash = writtenHash ?? sha256(snapshotText);
    hashes.set(schemaFile, schemaHash);
    const overrides = Object.entries(options.kinds).filter(([key]) =>
      key.startsWith(`${app.slug}/`),
    );
    // The names depend on earlier bindings too, not only on the snapshot.
    const names = app.actions.map((a) => [a.methodName, a.paramsTypeName]);
    const inputHash = sha256(
      JSON.stringify([schemaHash, app.fileName, app.propertyName, names, overrides, moduleKey]),
    );
    const reused = reuse.module(app.slug, moduleFile, inputHash);
    const reusedMeta = reused && reuse.file(metaFile);
    if (reused) hashes.set(moduleFile, reused.hash);
    if (reusedMeta) hashes.set(metaFile, reusedMeta.hash);
    const { snapshot: _snapshot, text: _text, ...slim } = app;
    return {
      app: slim,
      moduleFile,
      schemaFile,
      snapshotText,
      inputHash,
      reused: reused?.text,
      metaFile,
      reusedMeta: reusedMeta?.text,
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
  const indexHash = sha256(JSON.stringify([indexInput, moduleKey]));
  return { apps, index: { inputHash: indexHash, reused: reuse.index(indexHash)?.text } };
}
