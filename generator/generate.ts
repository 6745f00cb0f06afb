/**
 * The pipeline, in order:
 *   source (snapshot or live) → normalize → name → classify → compile params → emit → format → gate
 *   → diff against the previous output → write atomically (or report drift for --check / --dry-run).
 * Each stage lives in its own file, named by its verb; this file only sequences them.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { classifyCatalog } from "./classify.js";
import { Diagnostics, printable } from "./diagnostics.js";
import { GenerationError, UsageError } from "./errors.js";
import { createFormatter, type Formatter } from "./format.js";
import {
  defaultWorkerCount,
  MIN_APPS_FOR_WORKERS,
  startWorkers,
  type Workers,
} from "./workerPool.js";
import { assembleOutput } from "./assembleOutput.js";
import { BUNDLED_SNAPSHOT_DIR } from "./paths.js";
import { planOutput, type Plan } from "./plan.js";
import { buildReport, NO_CHANGES, type ChangeReport } from "./report.js";
import { currentOutput, rememberWrittenOutput, runKey, type CurrentOutput } from "./upToDate.js";
import { bindingsOf, parseManifest } from "./manifest.js";
import { nameCatalog } from "./names.js";
import { normalizeApp } from "./normalize.js";
import type { GenerateOptions } from "./options.js";
import { readSnapshotDir, type SnapshotFile } from "./readSnapshot.js";
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
  const key = await runKey(options, formatter.configKey);
  const fromOwnSnapshot = !hooks.source && snapshotDirFor(options) === path.join(outDir, "schemas");
  const current = options.cache && fromOwnSnapshot ? await currentOutput(outDir, key) : undefined;
  if (current) return resultOfCurrent(current, options, started);

  const previous = await readOutputDir(outDir);
  assertOwnedOutput(options.out, previous);
  const workers = await startWorkersEarly(options, hooks, previous, outDir);
  try {
    return await generateFresh(options, hooks, {
      started,
      outDir,
      formatter,
      key,
      fromOwnSnapshot,
      previous,
      workers,
    });
  } finally {
    await workers?.close();
  }
}

interface RunContext {
  started: number;
  outDir: string;
  formatter: Formatter;
  key: string;
  fromOwnSnapshot: boolean;
  previous: OutputFiles;
  workers?: Workers;
}

async function generateFresh(
  options: GenerateOptions,
  hooks: GenerateHooks,
  run: RunContext,
): Promise<GenerateResult> {
  const { started, outDir, formatter, key, fromOwnSnapshot, previous } = run;
  const diagnostics = new Diagnostics();
  const plan = await loadAndPlan(
    options,
    hooks,
    previous,
    formatter.configKey,
    diagnostics,
    fromOwnSnapshot,
  );
  const { files: next, emitted } = await assembleOutput(plan, {
    formatter,
    outDir,
    workers: options.workers,
    startedWorkers: run.workers,
    runKey: key,
    warnings: diagnostics.items,
    progress: hooks.progress,
  });
  failOnStrict(options, diagnostics);
  const changes = diffFiles(previous, next);
  const wrote = options.mode === "write" && hasChanges(changes);
  if (wrote) {
    await writeOutput(outDir, next, changes);
    rememberWrittenOutput(outDir, next);
  }
  // A first generation has nothing to compare with: every app would be "added".
  const catalogChanged = [...changes.added, ...changes.modified, ...changes.removed].some((f) =>
    f.startsWith("schemas/"),
  );
  return {
    apps: plan.apps.length,
    actions: plan.apps.reduce((n, p) => n + p.app.actions.length, 0),
    emitted,
    changes,
    diagnostics,
    report:
      previous.has("manifest.json") && catalogChanged
        ? buildReport(previous, next, changes)
        : NO_CHANGES,
    wrote,
    files: next,
    durationMs: performance.now() - started,
  };
}

/**
 * A run with nothing to reuse (no usable previous output, or `--no-cache`) of a large snapshot will
 * emit every app: its workers start now and load their libraries while the catalog is read.
 */
async function startWorkersEarly(
  options: GenerateOptions,
  hooks: GenerateHooks,
  previous: OutputFiles,
  outDir: string,
): Promise<Workers | undefined> {
  if (hooks.source || options.workers === 1) return undefined;
  const reusable = options.cache && previous.has("manifest.json");
  if (reusable) return undefined;
  const dir = snapshotDirFor(options);
  const count = existsSync(dir)
    ? (await readdir(dir)).filter((f) => f.endsWith(".json")).length
    : 0;
  const apps = options.apps ? Math.min(options.apps.length, count) : count;
  return apps >= MIN_APPS_FOR_WORKERS
    ? startWorkers(outDir, Math.min(options.workers ?? defaultWorkerCount(), Math.ceil(apps / 8)))
    : undefined;
}

/**
 * source → normalize → name → classify → plan. Kept in its own function so the parsed wire
 * snapshots (the largest objects of a run) can be freed once the plan holds their text.
 */
async function loadAndPlan(
  options: GenerateOptions,
  hooks: GenerateHooks,
  previous: OutputFiles,
  configKey: string,
  diagnostics: Diagnostics,
  fromOwnSnapshot: boolean,
): Promise<Plan> {
  const files = hooks.source
    ? await hooks.source()
    : await readSnapshotDir(
        snapshotDirFor(options),
        fromOwnSnapshot ? snapshotTexts(previous) : undefined,
      );
  const selected = selectApps(files, options.apps);
  for (const file of selected) for (const w of file.warnings ?? []) diagnostics.warn(w);
  const normalized = selected.map((f) => normalizeApp(f.snapshot, f.source, diagnostics));
  // Names bound by the previous output are kept (whatever its generator version or --no-cache).
  const bindings = bindingsOf(parseManifest(previous.get("manifest.json")));
  const catalog = classifyCatalog(nameCatalog(normalized, bindings, diagnostics), options.kinds);
  return planOutput(catalog, options, configKey, previous);
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

/** `schemas/<name>.json` texts of the previous output, by file name. */
function snapshotTexts(previous: OutputFiles): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [file, text] of previous)
    if (file.startsWith("schemas/")) texts.set(file.slice("schemas/".length), text);
  return texts;
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
