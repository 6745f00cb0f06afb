/**
 * The pipeline, in order:
 *   source (snapshot or live) → normalize → name → classify → plan → assemble (emit, format, gate)
 *   → diff against the previous output → write atomically (or report drift for --check / --dry-run).
 * Each stage lives in its own file, named by its verb; `cache.ts` makes every reuse decision.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { assembleOutput } from "./assembleOutput.js";
import { openCache, rememberWrittenOutput, type Cache, type CurrentOutput } from "./cache.js";
import { classifyCatalog } from "./classify.js";
import { Diagnostics, printable } from "./diagnostics.js";
import { GenerationError, UsageError } from "./errors.js";
import { createFormatter } from "./format.js";
import { nameCatalog } from "./names.js";
import { normalizeApp } from "./normalize.js";
import type { GenerateOptions } from "./options.js";
import { BUNDLED_SNAPSHOT_DIR } from "./paths.js";
import { planOutput, type Plan } from "./plan.js";
import { readSnapshotDir, type SnapshotFile } from "./readSnapshot.js";
import { buildReport, NO_CHANGES, type ChangeReport } from "./report.js";
import { startWorkersFor } from "./workerPool.js";
import {
  assertOwnedOutput,
  diffFiles,
  hasChanges,
  recoverInterruptedRun,
  writeOutput,
  type FileChanges,
  type OutputFiles,
} from "./writeOutput.js";

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
  files: OutputFiles;
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
  const formatter = await createFormatter(outDir);
  const snapshotDir = hooks.source ? undefined : snapshotDirFor(options);
  const cache = await openCache(options, outDir, snapshotDir, formatter.configKey);
  if (cache.current) return resultOfCurrent(cache.current, options, started);
  assertOwnedOutput(options.out, cache.previous);
  // With nothing to reuse, every app is emitted: workers load their libraries while we read.
  const workers =
    snapshotDir && cache.reusesNothing
      ? await startWorkersFor(snapshotDir, options, outDir)
      : undefined;
  try {
    const diagnostics = new Diagnostics();
    const plan = await readAndPlan(options, hooks, snapshotDir, cache, diagnostics);
    const { files, emitted } = await assembleOutput(plan, {
      formatter,
      outDir,
      workers: options.workers,
      startedWorkers: workers,
      runKey: cache.key,
      warnings: diagnostics.items,
      progress: hooks.progress,
    });
    failOnStrict(options, diagnostics);
    const changes = diffFiles(cache.previous, files);
    const wrote = options.mode === "write" && hasChanges(changes);
    if (wrote) {
      await writeOutput(outDir, files, changes);
      rememberWrittenOutput(outDir, files);
    }
    return {
      apps: plan.apps.length,
      actions: plan.apps.reduce((n, p) => n + p.app.actions.length, 0),
      emitted,
      changes,
      diagnostics,
      report: reportOf(cache.previous, files, changes),
      wrote,
      files,
      durationMs: performance.now() - started,
    };
  } finally {
    await workers?.close();
  }
}

/**
 * source → normalize → name → classify → plan. A function of its own so the parsed wire snapshots
 * (the largest objects of a run) can be freed once the plan holds their text.
 */
async function readAndPlan(
  options: GenerateOptions,
  hooks: GenerateHooks,
  snapshotDir: string | undefined,
  cache: Cache,
  diagnostics: Diagnostics,
): Promise<Plan> {
  const files = selectApps(
    snapshotDir ? await readSnapshotDir(snapshotDir, cache.snapshotTexts) : await hooks.source!(),
    options.apps,
  );
  for (const file of files) for (const w of file.warnings ?? []) diagnostics.warn(w);
  const normalized = files.map((f) => ({
    ...normalizeApp(f.snapshot, f.source, diagnostics),
    text: f.text,
  }));
  const catalog = classifyCatalog(
    nameCatalog(normalized, cache.bindings, diagnostics),
    options.kinds,
  );
  return planOutput(catalog, options, cache.moduleKey, cache.reuse);
}

/** The catalog changes since the previous output (none on a first generation: all would be "added"). */
function reportOf(previous: OutputFiles, next: OutputFiles, changes: FileChanges): ChangeReport {
  const catalogChanged = [...changes.added, ...changes.modified, ...changes.removed].some((f) =>
    f.startsWith("schemas/"),
  );
  return previous.has("manifest.json") && catalogChanged
    ? buildReport(previous, next, changes)
    : NO_CHANGES;
}

/** The result of a run whose output was already current: nothing emitted, nothing written. */
function resultOfCurrent(
  current: CurrentOutput,
  options: GenerateOptions,
  started: number,
): GenerateResult {
  const diagnostics = new Diagnostics();
  for (const warning of current.manifest.warnings ?? []) diagnostics.warn(warning);
  failOnStrict(options, diagnostics);
  const apps = Object.values(current.manifest.apps);
  return {
    apps: apps.length,
    actions: apps.reduce((n, a) => n + a.actions, 0),
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

function selectApps(files: SnapshotFile[], apps: string[] | undefined): SnapshotFile[] {
  if (!apps) return files;
  const bySlug = new Map(files.map((f) => [String(f.snapshot?.app?.slug), f]));
  const unknown = apps.filter((slug) => !bySlug.has(slug));
  if (unknown.length) {
    throw new UsageError(
      `Unknown app slug${unknown.length > 1 ? "s" : ""} in --apps: ${unknown.map(printable).join(", ")}. Known: ${[...bySlug.keys()].sort().map(printable).join(", ")}.`,
    );
  }
  return [...new Set(apps)].map((slug) => bySlug.get(slug)!);
}
