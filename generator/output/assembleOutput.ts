/**
 * Stage: assemble. Produces every output file from the plan: app and metadata modules that must
 * be rebuilt go through `emitModules` (worker threads for large catalogs), the rest are reused;
 * then the index, the runtime copy, the snapshot and the manifest. The heavy emit libraries (ts-morph, prettier,
 * json-schema-to-typescript) are loaded only when something has to be emitted.
 */
import { compareCodeUnits } from "../core/canonicalJson.js";
import { runtimeFiles } from "../emit/copyRuntime.js";
import type { Formatter } from "../emit/format.js";
import { sha256 } from "../core/hash.js";
import {
  GENERATOR_FINGERPRINT,
  GENERATOR_VERSION,
  serializeManifest,
  textKeyed,
  type Manifest,
} from "./manifest.js";
import type { ActionModel, NamedApp } from "../core/model.js";
import type { AppPlan, Plan } from "./plan.js";
import type { EmitJob, Workers } from "../emit/workerPool.js";
import type { Diagnostic } from "../core/diagnostics.js";
import type { KeptFile } from "../core/diskFile.js";
import { OutputFiles } from "./outputFiles.js";

export interface AssembledOutput {
  files: OutputFiles;
  /** Slugs of the apps whose module was emitted in this run. */
  emitted: string[];
  /** The manifest `files` holds as `manifest.json`. */
  manifest: Manifest;
  /**
   * Resolves once every emitted module has passed the gate (`gate.ts`), and rejects with its
   * error otherwise. The output may be compared meanwhile, but not written or returned.
   */
  gated: Promise<void>;
}

export interface AssembleContext {
  formatter: Formatter;
  outDir: string;
  workers?: number;
  /** Worker threads started ahead of time (a cold run of a large catalog). */
  startedWorkers?: Workers;
  /** Recorded in the manifest for the next run's fast path. */
  runKey: string;
  /** Recorded in the manifest: the next run keeps recorded apps only under the same key. */
  modelKey: string;
  /** Keeps compiled params between runs under this key (`paramsCache.ts`); none without. */
  paramsKey?: string;
  warnings: Diagnostic[];
  /** Write `docs/<app>.md` too. */
  docs?: boolean;
  /** Called as app modules are emitted (the CLI shows it on a TTY). */
  progress?: (done: number, total: number) => void;
}

export async function assembleOutput(
  plan: Plan,
  context: AssembleContext,
): Promise<AssembledOutput> {
  const { formatter, outDir, workers } = context;
  const toEmit = plan.apps.filter((p) => p.reused === undefined);
  // App modules and metadata modules are emitted together, so that large jobs run both on workers.
  const metaToEmit = plan.apps.filter((p) => p.reusedMeta === undefined);
  const jobs: EmitJob[] = [
    ...toEmit.map((p) => ({ app: emitInput(p), paramsKey: context.paramsKey })),
    ...metaToEmit.map((p) => ({ app: emitInput(p), metaFile: p.metaFile })),
  ];
  const targets = [...toEmit.map((p) => p.moduleFile), ...metaToEmit.map((p) => p.metaFile)];
  const texts = new Map<string, string>();
  let done = 0;
  let gated = Promise.resolve();
  if (jobs.length) {
    const { emitModules } = await import("../emit/workerPool.js");
    const emitted = await emitModules(jobs, formatter, outDir, {
      workers: context.startedWorkers,
      count: workers,
      onModule: () => context.progress?.(++done, toEmit.length),
    });
    targets.forEach((file, i) => texts.set(file, emitted.texts[i]!));
    gated = emitted.gated;
  }
  // The workers' heaps and libraries (a few hundred MiB) are not needed for the rest: they end
  // once the last module is gated, while the output is assembled (the caller awaits their end).
  void gated.finally(() => context.startedWorkers?.close()).catch(() => {});
  const index = plan.index.reused ?? (await emitIndexModule(plan, formatter));

  const files = new OutputFiles();
  const put = (file: string, content: string | KeptFile) =>
    typeof content === "string" ? files.set(file, content) : files.keep(file, content);
  const hashOf = (content: string | KeptFile) =>
    typeof content === "string" ? sha256(content) : content.hash;
  const manifest: Manifest = {
    generator: {
      name: "refold-gen",
      version: GENERATOR_VERSION,
      fingerprint: GENERATOR_FINGERPRINT,
    },
    index: { inputHash: plan.index.inputHash, outputHash: hashOf(index) },
    apps: textKeyed(),
  };
  for (const p of plan.apps) {
    const moduleText = p.reused ?? texts.get(p.moduleFile)!;
    put(p.schemaFile, p.schema);
    put(p.moduleFile, moduleText);
    put(p.metaFile, p.reusedMeta ?? texts.get(p.metaFile)!);
    const { normalize, names: naming } = p.warnings;
    const warnings = normalize.length || naming.length ? p.warnings : undefined;
    manifest.apps[p.slug] = {
      name: p.name,
      actions: p.actionCount,
      module: p.moduleFile,
      schema: p.schemaFile,
      inputHash: p.inputHash,
      outputHash: hashOf(moduleText),
      names: p.names,
      warnings,
      model: p.model,
    };
  }
  if (context.docs) {
    const { docsFile, emitDocs } = await import("../emit/emitDocs.js");
    for (const p of plan.apps) put(docsFile(p), p.reusedDocs ?? emitDocs(emitInput(p)));
  }
  put("index.ts", index);
  for (const [file, text] of await runtimeFiles()) files.set(file, text);
  manifest.run = { key: context.runKey, model: context.modelKey };
  manifest.warnings = context.warnings;
  const known = new Map(plan.apps.flatMap((p) => [...p.hashes]));
  manifest.files = Object.fromEntries(
    [...files.keys()].map((file) => [
      file,
      files.kept(file)?.hash ?? known.get(file) ?? sha256(files.get(file)!),
    ]),
  );
  files.set("manifest.json", serializeManifest(manifest));
  return {
    files: files.sorted(compareCodeUnits),
    emitted: toEmit.map((p) => p.slug),
    manifest,
    gated,
  };
}

/** The app to emit from: a recorded app (kept as is) never gets here. */
function emitInput(p: AppPlan): NamedApp {
  if (!p.app) throw new Error(`internal: ${p.moduleFile} must be emitted but was not parsed`);
  return p.app;
}

async function emitIndexModule(plan: Plan, formatter: Formatter): Promise<string> {
  // The index needs each app's names and action count only: recorded apps are not parsed.
  const catalog = {
    apps: plan.apps.map((p): NamedApp => ({
      slug: p.slug,
      name: p.name,
      fileName: p.fileName,
      propertyName: p.propertyName,
      typeName: p.typeName,
      actions: new Array<ActionModel>(p.actionCount),
    })),
  };
  const [{ tsMorph }, { emitIndex, INDEX_FUNCTIONS, INDEX_VARIABLES }, { gate }] =
    await Promise.all([
      import("../emit/tsMorph.js"),
      import("../emit/emitIndex.js"),
      import("../emit/gate.js"),
    ]);
  const index = await formatter.format(
    emitIndex(new tsMorph.Project({ useInMemoryFileSystem: true }), catalog),
    "index.ts",
  );
  gate("index.ts", index, { functions: INDEX_FUNCTIONS, variables: INDEX_VARIABLES });
  return index;
}
