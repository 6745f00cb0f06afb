/**
 * The pipeline, in order:
 *   source (snapshot or live) → normalize → name → classify → compile params → emit → format → gate
 *   → diff against the previous output → write atomically (or report drift for --check / --dry-run).
 * Each stage lives in its own file, named by its verb; this file only sequences them.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";
import { classifyCatalog } from "./classify.js";
import { runtimeFiles } from "./copyRuntime.js";
import { Diagnostics } from "./diagnostics.js";
import { emitIndex, INDEX_FUNCTIONS, INDEX_VARIABLES } from "./emitIndex.js";
import { GenerationError, UsageError } from "./errors.js";
import { createFormatter, type Formatter } from "./format.js";
import { gate } from "./gate.js";
import {
  GENERATOR_FINGERPRINT,
  GENERATOR_VERSION,
  parseManifest,
  serializeManifest,
  sha256,
  type Manifest,
} from "./manifest.js";
import type { AppModel, CatalogModel } from "./model.js";
import { emitModules } from "./workerPool.js";
import { compareCodeUnits } from "./canonicalJson.js";
import { nameCatalog } from "./names.js";
import { normalizeApp } from "./normalize.js";
import type { GenerateOptions } from "./options.js";
import { readSnapshotDir, type SnapshotFile } from "./readSnapshot.js";
import { serializeAppSnapshot } from "./snapshot.js";
import {
  assertOwnedOutput,
  diffFiles,
  hasChanges,
  readOutputDir,
  recoverInterruptedRun,
  writeOutput,
  type FileChanges,
  type OutputFiles,
} from "./writeOutput.js";

/** The catalog shipped with refold-gen: the default source on a machine with no key and no snapshot. */
export const BUNDLED_SNAPSHOT_DIR = fileURLToPath(
  new URL("../generated/schemas/", import.meta.url),
);

export interface GenerateResult {
  apps: number;
  actions: number;
  /** Apps whose module was emitted in this run (the rest came from the cache). */
  emitted: string[];
  changes: FileChanges;
  diagnostics: Diagnostics;
  /** True when files were written (write mode with changes). */
  wrote: boolean;
  previous: OutputFiles;
  files: OutputFiles;
  durationMs: number;
}

export interface GenerateHooks {
  /** Replaces the snapshot as the source (the live fetch plugs in here). */
  source?: () => Promise<SnapshotFile[]>;
}

export async function generate(
  options: GenerateOptions,
  hooks: GenerateHooks = {},
): Promise<GenerateResult> {
  const started = performance.now();
  const outDir = path.resolve(options.out);
  if (options.mode === "write") await recoverInterruptedRun(outDir);
  const previous = await readOutputDir(outDir);
  assertOwnedOutput(options.out, previous);

  const diagnostics = new Diagnostics();
  const files = hooks.source
    ? await hooks.source()
    : await readSnapshotDir(snapshotDirFor(options));
  const selected = selectApps(files, options.apps);
  const normalized = selected.map((f) => normalizeApp(f.snapshot, f.source, diagnostics));
  const catalog = classifyCatalog(nameCatalog(normalized), options.kinds);

  const formatter = await createFormatter(outDir);
  const { files: next, emitted } = await emitCatalog(catalog, options, formatter, previous, outDir);

  if (options.strict && diagnostics.items.length) {
    throw new GenerationError(
      "STRICT_WARNINGS",
      `--strict: ${diagnostics.items.length} warning(s); nothing was written.\n${diagnostics.format().join("\n")}`,
    );
  }
  const changes = diffFiles(previous, next);
  const wrote = options.mode === "write" && hasChanges(changes);
  if (wrote) await writeOutput(outDir, next, changes);
  return {
    apps: catalog.apps.length,
    actions: catalog.apps.reduce((n, a) => n + a.actions.length, 0),
    emitted,
    changes,
    diagnostics,
    wrote,
    previous,
    files: next,
    durationMs: performance.now() - started,
  };
}

function snapshotDirFor(options: GenerateOptions): string {
  if (options.snapshotDir) return path.resolve(options.snapshotDir);
  const own = path.resolve(options.out, "schemas");
  return existsSync(own) ? own : BUNDLED_SNAPSHOT_DIR;
}

function selectApps(files: SnapshotFile[], apps: string[] | undefined): SnapshotFile[] {
  if (!apps) return files;
  const bySlug = new Map(files.map((f) => [String(f.snapshot?.app?.slug), f]));
  const unknown = apps.filter((slug) => !bySlug.has(slug));
  if (unknown.length) {
    throw new UsageError(
      `Unknown app slug${unknown.length > 1 ? "s" : ""} in --apps: ${unknown.join(", ")}. Known: ${[...bySlug.keys()].sort().join(", ")}.`,
    );
  }
  return apps.map((slug) => bySlug.get(slug)!);
}

/** Every output file of the catalog. Apps whose inputs did not change reuse their previous module. */
async function emitCatalog(
  catalog: CatalogModel,
  options: GenerateOptions,
  formatter: Formatter,
  previous: OutputFiles,
  outDir: string,
) {
  const before = options.cache ? parseManifest(previous.get("manifest.json")) : undefined;
  const fresh = before?.generator?.fingerprint === GENERATOR_FINGERPRINT;
  const planned = catalog.apps.map((app) => {
    const moduleFile = `apps/${app.fileName}.ts`;
    const snapshotText = serializeAppSnapshot(app.snapshot);
    const inputHash = sha256(
      [
        snapshotText,
        app.fileName,
        app.propertyName,
        JSON.stringify(kindOverridesOf(app, options)),
        formatter.configKey,
      ].join("\0"),
    );
    const cached = fresh ? before?.apps[app.slug] : undefined;
    const previousModule = previous.get(moduleFile);
    const reusable =
      cached?.inputHash === inputHash &&
      cached.module === moduleFile &&
      previousModule !== undefined &&
      sha256(previousModule) === cached.outputHash;
    return {
      app,
      moduleFile,
      snapshotText,
      inputHash,
      moduleText: reusable ? previousModule : undefined,
    };
  });
  const toEmit = planned.filter((p) => p.moduleText === undefined);
  const emittedTexts = await emitModules(
    toEmit.map(({ app: { snapshot: _snapshot, ...rest } }) => rest),
    formatter,
    outDir,
    options.workers,
  );
  toEmit.forEach((p, i) => (p.moduleText = emittedTexts[i]));

  const files: OutputFiles = new Map();
  const manifest: Manifest = {
    generator: {
      name: "refold-gen",
      version: GENERATOR_VERSION,
      fingerprint: GENERATOR_FINGERPRINT,
    },
    apps: {},
  };
  for (const { app, moduleFile, snapshotText, inputHash, moduleText } of planned) {
    const schemaFile = `schemas/${app.fileName}.json`;
    files.set(schemaFile, snapshotText);
    files.set(moduleFile, moduleText!);
    manifest.apps[app.slug] = {
      name: app.name,
      actions: app.actions.length,
      module: moduleFile,
      schema: schemaFile,
      inputHash,
      outputHash: sha256(moduleText!),
    };
  }
  const index = await formatter.format(
    emitIndex(new Project({ useInMemoryFileSystem: true }), catalog),
    "index.ts",
  );
  gate("index.ts", index, { functions: INDEX_FUNCTIONS, variables: INDEX_VARIABLES });
  files.set("index.ts", index);
  for (const [file, text] of await runtimeFiles()) files.set(file, text);
  files.set("manifest.json", serializeManifest(manifest));
  return {
    files: new Map([...files].sort(([a], [b]) => compareCodeUnits(a, b))),
    emitted: toEmit.map((p) => p.app.slug),
  };
}

function kindOverridesOf(app: AppModel, options: GenerateOptions): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options.kinds).filter(([key]) => key.startsWith(`${app.slug}/`)),
  );
}
