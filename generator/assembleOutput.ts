/**
 * Stage: assemble. Produces every output file from the plan: modules that must be rebuilt go
 * through `emitModules` (worker threads for large catalogs), the rest are reused; then the index,
 * the runtime copy, the snapshot and the manifest. The heavy emit libraries (ts-morph, prettier,
 * json-schema-to-typescript) are loaded only when something has to be emitted.
 */
import { compareCodeUnits } from "./canonicalJson.js";
import { runtimeFiles } from "./copyRuntime.js";
import type { Formatter } from "./format.js";
import { sha256 } from "./hash.js";
import {
  GENERATOR_FINGERPRINT,
  GENERATOR_VERSION,
  serializeManifest,
  textKeyed,
  type Manifest,
  type ManifestNames,
} from "./manifest.js";
import type { NamedApp } from "./model.js";
import type { Plan } from "./plan.js";
import type { Workers } from "./workerPool.js";
import type { Diagnostic } from "./diagnostics.js";
import type { OutputFiles } from "./writeOutput.js";

export interface AssembledOutput {
  files: OutputFiles;
  /** Slugs of the apps whose module was emitted in this run. */
  emitted: string[];
}

export interface AssembleContext {
  formatter: Formatter;
  outDir: string;
  workers?: number;
  /** Worker threads started ahead of time (a cold run of a large catalog). */
  startedWorkers?: Workers;
  /** Recorded in the manifest for the next run's fast path. */
  runKey: string;
  warnings: Diagnostic[];
  /** Called as app modules are emitted (the CLI shows it on a TTY). */
  progress?: (done: number, total: number) => void;
}

export async function assembleOutput(
  plan: Plan,
  context: AssembleContext,
): Promise<AssembledOutput> {
  const catalog = { apps: plan.apps.map((p) => p.app) };
  const { formatter, outDir, workers } = context;
  const toEmit = plan.apps.filter((p) => p.reused === undefined);
  const texts = new Map<string, string>();
  let done = 0;
  if (toEmit.length) {
    const { emitModules } = await import("./workerPool.js");
    const emitted = await emitModules(
      toEmit.map((p) => p.app),
      formatter,
      outDir,
      {
        workers: context.startedWorkers,
        count: workers,
        onModule: () => context.progress?.(++done, toEmit.length),
      },
    );
    toEmit.forEach((p, i) => texts.set(p.moduleFile, emitted[i]!));
  }
  const index = plan.index.reused ?? (await emitIndexModule(catalog, formatter));

  const files: OutputFiles = new Map();
  const manifest: Manifest = {
    generator: {
      name: "refold-gen",
      version: GENERATOR_VERSION,
      fingerprint: GENERATOR_FINGERPRINT,
    },
    index: { inputHash: plan.index.inputHash, outputHash: sha256(index) },
    apps: textKeyed(),
  };
  const metadata = await emitMetadataModules(plan, formatter);
  for (const p of plan.apps) {
    const moduleText = p.reused ?? texts.get(p.moduleFile)!;
    files.set(p.schemaFile, p.snapshotText);
    files.set(p.moduleFile, moduleText);
    files.set(p.metaFile, p.reusedMeta ?? metadata.get(p.metaFile)!);
    manifest.apps[p.app.slug] = {
      name: p.app.name,
      actions: p.app.actions.length,
      module: p.moduleFile,
      schema: p.schemaFile,
      inputHash: p.inputHash,
      outputHash: sha256(moduleText),
      names: namesOf(p.app),
    };
  }
  files.set("index.ts", index);
  for (const [file, text] of await runtimeFiles()) files.set(file, text);
  manifest.run = { key: context.runKey };
  manifest.warnings = context.warnings;
  const known = new Map(plan.apps.flatMap((p) => [...p.hashes]));
  manifest.files = Object.fromEntries(
    [...files].map(([file, text]) => [file, known.get(file) ?? sha256(text)]),
  );
  files.set("manifest.json", serializeManifest(manifest));
  return {
    files: new Map([...files].sort(([a], [b]) => compareCodeUnits(a, b))),
    emitted: toEmit.map((p) => p.app.slug),
  };
}

async function emitIndexModule(
  catalog: { apps: readonly NamedApp[] },
  formatter: Formatter,
): Promise<string> {
  const [{ Project }, { emitIndex, INDEX_FUNCTIONS, INDEX_VARIABLES }, { gate }] =
    await Promise.all([import("ts-morph"), import("./emitIndex.js"), import("./gate.js")]);
  const index = await formatter.format(
    emitIndex(new Project({ useInMemoryFileSystem: true }), catalog),
    "index.ts",
  );
  gate("index.ts", index, { functions: INDEX_FUNCTIONS, variables: INDEX_VARIABLES });
  return index;
}

/** The names this run bound to the app's wire ids, recorded so the next run keeps them. */
function namesOf(app: NamedApp): ManifestNames {
  const methods = textKeyed<string>();
  const params = textKeyed<string>();
  for (const action of app.actions) {
    methods[action.actionId] = action.methodName;
    params[action.actionId] = action.paramsTypeName;
  }
  return { property: app.propertyName, methods, params };
}

/** `apps/<file>.meta.ts` of every app whose previous one cannot be reused, formatted and gated. */
async function emitMetadataModules(plan: Plan, formatter: Formatter): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  const toEmit = plan.apps.filter((p) => p.reusedMeta === undefined);
  if (!toEmit.length) return texts;
  const [{ appMetadata, emitMetadata }, { gateMetadata }] = await Promise.all([
    import("./emitMetadata.js"),
    import("./gateMetadata.js"),
  ]);
  for (const p of toEmit) {
    const text = await formatter.format(emitMetadata(p.app), p.metaFile);
    gateMetadata(p.metaFile, text, appMetadata(p.app));
    texts.set(p.metaFile, text);
  }
  return texts;
}
