/**
 * The pipeline, in order:
 *   source (snapshot or live) → normalize → name → classify → plan → assemble (emit, format, gate)
 *   → diff against the previous output → write atomically (or report drift for --check / --dry-run).
 * The gate may still be checking the last modules while their output is diffed: nothing is written
 * or returned before it passes.
 * Each stage lives in its own file, named by its verb; `cache.ts` makes every reuse decision.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { assembleOutput } from "./output/assembleOutput.js";
import { checkCurrent, openCache, type Cache, type CurrentCheck } from "./output/cache.js";
import { formatterConfig } from "./output/formatterConfig.js";
import { rememberWrittenOutput, type CurrentOutput } from "./output/currentOutput.js";
import { classifyApp } from "./model/classify.js";
import { Diagnostics, printable } from "./core/diagnostics.js";
import { GenerationError, UsageError } from "./core/errors.js";
import { createFormatter, type Formatter } from "./emit/format.js";
import type { RecordedApp } from "./core/model.js";
import { nameApps } from "./model/names.js";
import { normalizeApp, type NormalizedApp } from "./model/normalize.js";
import type { GenerateOptions } from "./core/options.js";
import { BUNDLED_SNAPSHOT_DIR } from "./core/paths.js";
import { planOutput, type Plan } from "./output/plan.js";
import { parseSnapshot, readSnapshotTexts, type SnapshotFile } from "./source/readSnapshot.js";
import { buildReport, NO_CHANGES, type ChangeReport } from "./output/report.js";
import { bindingsOf, type Manifest } from "./output/manifest.js";
import { startWorkersFor, type Workers } from "./emit/workerPool.js";
import {
  assertOwnedOutput,
  diffFiles,
  hasChanges,
  recoverInterruptedRun,
  writeOutput,
  type FileChanges,
} from "./output/writeOutput.js";
import type { OutputFiles } from "./output/outputFiles.js";

export interface GenerateResult {
  apps: number;
  actions: number;
  /** Apps whose module was emitted in this run (the rest came from the cache). */
  emitted: string[];
  changes: FileChanges;
  diagnostics: Diagnostics;
  /** True when files were written (write mode with changes). */
  wrote: boolean;
  /** What changed in the catalog (empty when nothing did, or on a first generation). */
  report: ChangeReport;
  /** Every output file's text (files kept from the previous output are read on first use). */
  readonly files: Map<string, string>;
  durationMs: number;
}

export interface GenerateHooks {
  /** Replaces the snapshot as the source (the live fetch plugs in here). */
  source?: () => Promise<SnapshotFile[]>;
  /** Emit progress: app modules emitted so far, of those this run emits. */
  progress?: (done: number, total: number) => void;
}

export async function generate(
  options: GenerateOptions,
  hooks: GenerateHooks = {},
): Promise<GenerateResult> {
  const started = performance.now();
  const outDir = path.resolve(options.out);
  if (options.mode === "write") await recoverInterruptedRun(outDir);
  const formatter = await createFormatter(outDir, { config: await formatterConfig(outDir) });
  const snapshotDir = hooks.source ? undefined : snapshotDirFor(options);
  const { check, workers } = await checkWithWorkers(options, outDir, snapshotDir, formatter);
  if (check.current) return resultOfCurrent(check.current, options, started);
  try {
    const cache = await openCache(options, outDir, snapshotDir, formatter.configKey, check);
    assertOwnedOutput(options.out, cache.previous);
    const diagnostics = new Diagnostics();
    const plan = await readAndPlan(options, hooks, snapshotDir, cache, diagnostics);
    const { files, emitted, manifest, gated } = await assembleOutput(plan, {
      formatter,
      outDir,
      workers: options.workers,
      startedWorkers: workers,
      runKey: cache.key,
      modelKey: cache.modelKey,
      paramsKey: cache.paramsKey,
      warnings: diagnostics.items,
      progress: hooks.progress,
      docs: options.docs === true,
    });
    const changes = diffFiles(cache.previous, files);
    // Before the write: the previous output is read on demand, and the write replaces it.
    const report = reportOf(cache, files, manifest, changes);
    // The output was compared while the gate checked it; nothing goes further unchecked.
    await gated;
    failOnStrict(options, diagnostics);
    const wrote = options.mode === "write" && hasChanges(changes);
    const summary = {
      apps: plan.apps.length,
      actions: plan.apps.reduce((n, p) => n + p.actionCount, 0),
      warnings: diagnostics.items,
    };
    if (wrote) await writeOutput(outDir, files, changes);
    // The output on disk is now byte for byte this run's: the next run may trust it as such.
    if (wrote || !hasChanges(changes)) rememberWrittenOutput(outDir, files, cache.key, summary);
    let read: Map<string, string> | undefined;
    return {
      apps: summary.apps,
      actions: summary.actions,
      emitted,
      changes,
      diagnostics,
      report,
      wrote,
      // Read into memory on first use: most callers never look.
      get files() {
        return (read ??= files.toMap());
      },
      durationMs: performance.now() - started,
    };
  } finally {
    await workers?.close();
  }
}

/**
 * The up-to-date check, and the emit workers the run will want when the output is not current:
 * they load the emit libraries while this thread reads and plans (all of them when nothing can be
 * reused). A worker for a small change starts as soon as the check sees a file changed; it ends
 * here if the output turns out current after all.
 */
async function checkWithWorkers(
  options: GenerateOptions,
  outDir: string,
  snapshotDir: string | undefined,
  formatter: Formatter,
): Promise<{ check: CurrentCheck; workers?: Workers }> {
  const start = async (all: boolean) =>
    snapshotDir ? startWorkersFor(snapshotDir, options, outDir, formatter.config, all) : undefined;
  let early: Promise<Workers | undefined> | undefined;
  const check = await checkCurrent(options, outDir, snapshotDir, formatter.configKey, () => {
    early = start(false);
  }).catch(async (error: unknown) => {
    await (await early)?.close();
    throw error;
  });
  if (check.current) {
    await (await early)?.close();
    return { check };
  }
  return { check, workers: await (early ?? start(check.reusesNothing)) };
}

/**
 * source → normalize → name → classify → plan. A function of its own so the parsed wire snapshots
 * (the largest objects of a run) can be freed once the plan holds their text. Snapshot files the
 * cache has on record (unchanged, their module kept) are neither parsed nor normalized.
 */
async function readAndPlan(
  options: GenerateOptions,
  hooks: GenerateHooks,
  snapshotDir: string | undefined,
  cache: Cache,
  diagnostics: Diagnostics,
): Promise<Plan> {
  const read = snapshotDir
    ? (await readSnapshotTexts(snapshotDir, cache.knownSnapshots)).map(
        (file) => cache.recorded(file) ?? parseSnapshot(file),
      )
    : await hooks.source!();
  const files = selectApps(read, options.apps);
  for (const file of files)
    if (!("recorded" in file)) for (const w of file.warnings ?? []) diagnostics.warn(w);
  const normalized = files.map((f): NormalizedApp | RecordedApp => {
    if ("recorded" in f) {
      for (const w of f.warnings.normalize) diagnostics.warn(w);
      return f;
    }
    const own = new Diagnostics();
    const app = normalizeApp(f.snapshot, f.source, own);
    for (const w of own.items) diagnostics.warn(w);
    return { ...app, text: f.text, normalizeWarnings: own.items };
  });
  const catalog = nameApps(normalized, cache.bindings, diagnostics).map((app) =>
    "recorded" in app ? app : classifyApp(app, options.kinds),
  );
  return planOutput({ apps: catalog }, options, cache.moduleKey, cache.reuse);
}

/** The catalog changes since the previous output (none on a first generation: all would be "added"). */
function reportOf(
  cache: Cache,
  next: OutputFiles,
  manifest: Manifest,
  changes: FileChanges,
): ChangeReport {
  const catalogChanged = [...changes.added, ...changes.modified, ...changes.removed].some((f) =>
    f.startsWith("schemas/"),
  );
  return cache.previous.has("manifest.json") && catalogChanged
    ? buildReport(cache.previous, next, changes, {
        before: cache.bindings,
        after: bindingsOf(manifest),
      })
    : NO_CHANGES;
}

/** The result of a run whose output was already current: nothing emitted, nothing written. */
function resultOfCurrent(
  current: CurrentOutput,
  options: GenerateOptions,
  started: number,
): GenerateResult {
  const diagnostics = new Diagnostics();
  for (const warning of current.summary.warnings) diagnostics.warn(warning);
  failOnStrict(options, diagnostics);
  return {
    apps: current.summary.apps,
    actions: current.summary.actions,
    emitted: [],
    changes: { added: [], modified: [], removed: [] },
    diagnostics,
    report: NO_CHANGES,
    wrote: false,
    get files() {
      return current.files;
    },
    durationMs: performance.now() - started,
  };
}

function failOnStrict(options: GenerateOptions, diagnostics: Diagnostics): void {
  if (options.strict && diagnostics.items.length) {
    throw new GenerationError(
      "STRICT_WARNINGS",
      `--strict: ${diagnostics.items.length} warning(s); nothing was written.\n${diagnostics.format().join("\n")}`,
    );
  }
}

function snapshotDirFor(options: GenerateOptions): string {
  if (options.snapshotDir) return path.resolve(options.snapshotDir);
  const own = path.resolve(options.out, "schemas");
  return existsSync(own) ? own : BUNDLED_SNAPSHOT_DIR;
}

function selectApps<F extends SnapshotFile | RecordedApp>(
  files: F[],
  apps: string[] | undefined,
): F[] {
  if (!apps) return files;
  const slugOf = (f: F) => ("recorded" in f ? f.slug : String(f.snapshot?.app?.slug));
  const bySlug = new Map(files.map((f) => [slugOf(f), f]));
  const unknown = apps.filter((slug) => !bySlug.has(slug));
  if (unknown.length) {
    throw new UsageError(
      `Unknown app slug${unknown.length > 1 ? "s" : ""} in --apps: ${unknown.map(printable).join(", ")}. Known: ${[...bySlug.keys()].sort().map(printable).join(", ")}.`,
    );
  }
  return [...new Set(apps)].map((slug) => bySlug.get(slug)!);
}
