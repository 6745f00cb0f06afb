/**
 * The pipeline, in order:
 *   source (snapshot or live) → normalize → name → classify → compile params → emit → format → gate
 *   → diff against the previous output → write atomically (or report drift for --check / --dry-run).
 * Each stage lives in its own file, named by its verb; this file only sequences them.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { classifyCatalog } from "./classify.js";
import { Diagnostics } from "./diagnostics.js";
import { GenerationError, UsageError } from "./errors.js";
import { createFormatter } from "./format.js";
import { emitCatalog } from "./emitCatalog.js";
import { planOutput } from "./plan.js";
import { buildReport, NO_CHANGES, type ChangeReport } from "./report.js";
import { currentOutput, runKey, type CurrentOutput } from "./upToDate.js";
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
  /** What changed in the catalog (empty when nothing did, or on a first generation). */
  report: ChangeReport;
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
  const formatter = await createFormatter(outDir);
  const key = await runKey(options, formatter.configKey);
  const fromOwnSnapshot = !hooks.source && snapshotDirFor(options) === path.join(outDir, "schemas");
  const current = options.cache && fromOwnSnapshot ? await currentOutput(outDir, key) : undefined;
  if (current) return unchanged(current, options, started);

  const previous = await readOutputDir(outDir);
  assertOwnedOutput(options.out, previous);
  const diagnostics = new Diagnostics();
  const files = hooks.source
    ? await hooks.source()
    : await readSnapshotDir(snapshotDirFor(options));
  const selected = selectApps(files, options.apps);
  const normalized = selected.map((f) => normalizeApp(f.snapshot, f.source, diagnostics));
  const catalog = classifyCatalog(nameCatalog(normalized), options.kinds);

  const plan = planOutput(catalog, options, formatter.configKey, previous);
  const { files: next, emitted } = await emitCatalog(catalog, plan, {
    formatter,
    outDir,
    workers: options.workers,
    runKey: key,
    warnings: diagnostics.items,
  });
  failOnStrict(options, diagnostics);
  const changes = diffFiles(previous, next);
  const wrote = options.mode === "write" && hasChanges(changes);
  if (wrote) await writeOutput(outDir, next, changes);
  // A first generation has nothing to compare with: every app would be "added".
  const catalogChanged = [...changes.added, ...changes.modified, ...changes.removed].some((f) =>
    f.startsWith("schemas/"),
  );
  return {
    apps: catalog.apps.length,
    actions: catalog.apps.reduce((n, a) => n + a.actions.length, 0),
    emitted,
    changes,
    diagnostics,
    report:
      previous.has("manifest.json") && catalogChanged ? buildReport(previous, next) : NO_CHANGES,
    wrote,
    files: next,
    durationMs: performance.now() - started,
  };
}

/** The result of a run whose output was already current: nothing emitted, nothing written. */
function unchanged(
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
      `Unknown app slug${unknown.length > 1 ? "s" : ""} in --apps: ${unknown.join(", ")}. Known: ${[...bySlug.keys()].sort().join(", ")}.`,
    );
  }
  return [...new Set(apps)].map((slug) => bySlug.get(slug)!);
}
