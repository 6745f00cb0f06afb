/**
 * Stage: plan. Decides, from the previous manifest, which modules can be reused as they are: a
 * module is reused when the hash of everything it is made from is unchanged and the file on disk
 * still has the hash recorded when it was written (so a hand edit is never kept).
 */
import { GENERATOR_FINGERPRINT, parseManifest, sha256, type Manifest } from "./manifest.js";
import type { AppModel, CatalogModel } from "./model.js";
import type { GenerateOptions } from "./options.js";
import { serializeAppSnapshot } from "./snapshot.js";
import type { OutputFiles } from "./writeOutput.js";

export interface AppPlan {
  app: AppModel;
  moduleFile: string;
  schemaFile: string;
  snapshotText: string;
  inputHash: string;
  /** The previous module text when it can be reused; undefined when it must be emitted. */
  reused?: string;
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
    const snapshotText = serializeAppSnapshot(app.snapshot);
    const overrides = Object.entries(options.kinds).filter(([key]) =>
      key.startsWith(`${app.slug}/`),
    );
    const inputHash = sha256(
      [snapshotText, app.fileName, app.propertyName, JSON.stringify(overrides), configKey].join(
        "\0",
      ),
    );
    const recorded = trusted?.apps[app.slug];
    const reused =
      recorded?.inputHash === inputHash && recorded.module === moduleFile
        ? unchanged(previous, moduleFile, recorded.outputHash)
        : undefined;
    return {
      app,
      moduleFile,
      schemaFile: `schemas/${app.fileName}.json`,
      snapshotText,
      inputHash,
      reused,
    };
  });
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

/** The previous file's text when it still has the recorded hash. */
function unchanged(previous: OutputFiles, file: string, outputHash: string): string | undefined {
  const text = previous.get(file);
  return text !== undefined && sha256(text) === outputHash ? text : undefined;
}

export type { Manifest };
