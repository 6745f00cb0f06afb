/**
 * Stage: write. The whole output is staged in a sibling temporary directory and swapped in with two
 * renames, so a crash, a kill or an error at any point leaves the previous output byte-identical.
 * Unchanged files are hard-linked into the stage, so a one-app change writes one app's bytes.
 *
 * Leftovers of a killed run (a stage, or the previous output moved aside during the swap) are
 * recovered or removed at the start of the next run.
 */
import {
  existsSync,
  linkSync,
  mkdirSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  type BigIntStats,
} from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { GenerationError, UsageError } from "../core/errors.js";
import { MAX_SNAPSHOT_FILE_BYTES, mib, tooLarge } from "../core/limits.js";
import { OutputFiles } from "./outputFiles.js";

/** Files by relative path, read-only. */
type Files = Pick<ReadonlyMap<string, string>, "get" | "has" | "keys">;

export interface FileChanges {
  added: string[];
  modified: string[];
  removed: string[];
}

const STAGE_PREFIX = ".refold-gen-stage-";
const ASIDE_PREFIX = ".refold-gen-previous-";

const siblings = (outDir: string) => ({
  parent: path.dirname(path.resolve(outDir)),
  base: path.basename(path.resolve(outDir)),
});

/**
 * Every file under `dir`, by relative path, as a file on disk: nothing is read until asked for
 * (empty when the directory does not exist). A file over the size cap fails the run before it is
 * read. `verified` says which files are unchanged since they were verified against the manifest
 * (see `DiskFile`).
 */
export async function listOutputDir(
  dir: string,
  verified: (file: string, stats: BigIntStats) => boolean = () => false,
): Promise<OutputFiles> {
  const files = new OutputFiles();
  if (!existsSync(dir)) return files;
  const prefix = path.join(dir, path.sep);
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const relative = full.startsWith(prefix) ? full.slice(prefix.length) : path.relative(dir, full);
    const file = path.sep === "/" ? relative : relative.split(path.sep).join("/");
    const stats = statSync(full, { bigint: true });
    if (stats.size > MAX_SNAPSHOT_FILE_BYTES)
      throw tooLarge("the output file", full, mib(Number(stats.size)), MAX_SNAPSHOT_FILE_BYTES);
    files.onDisk(file, { path: full, stats, verified: verified(file, stats) });
  }
  return files;
}

/** Every file under `dir` as relative path → text (see `listOutputDir`). */
export async function readOutputDir(dir: string): Promise<Map<string, string>> {
  return (await listOutputDir(dir)).toMap();
}

/** What changed from `previous` to `next`; a file kept as it is is unchanged without being read. */
export function diffFiles(previous: OutputFiles, next: OutputFiles): FileChanges {
  const added: string[] = [];
  const modified: string[] = [];
  for (const file of next.keys()) {
    if (!previous.has(file)) added.push(file);
    else if (!isKept(next, previous, file) && previous.get(file) !== next.get(file))
      modified.push(file);
  }
  const removed = [...previous.keys()].filter((file) => !next.has(file));
  return { added: added.sort(), modified: modified.sort(), removed: removed.sort() };
}

/** `file` in `next` is the very file `previous` lists at that path, kept as it is. */
function isKept(next: OutputFiles, previous: OutputFiles, file: string): boolean {
  const kept = next.kept(file);
  return kept !== undefined && kept.disk.path === previous.disk(file)?.path;
}

export const hasChanges = (c: FileChanges) =>
  c.added.length + c.modified.length + c.removed.length > 0;

/** Refuses to take over a non-empty directory that refold-gen did not write (no manifest). */
export function assertOwnedOutput(outDir: string, previous: Files): void {
  const files = [...previous.keys()];
  const onlySnapshot = files.every((file) => file.startsWith("schemas/"));
  if (files.length > 0 && !previous.has("manifest.json") && !onlySnapshot) {
    throw new UsageError(
      `${outDir} is not empty and has no manifest.json, so it was not written by refold-gen. Choose another --out; nothing was written.`,
    );
  }
}

/** Puts a previous output back if a run was killed mid-swap, and removes stale stages. */
export async function recoverInterruptedRun(outDir: string): Promise<void> {
  const { parent, base } = siblings(outDir);
  if (!existsSync(parent)) return;
  for (const name of await readdir(parent)) {
    if (name.startsWith(`${ASIDE_PREFIX}${base}-`)) {
      if (!existsSync(path.join(parent, base)))
        await rename(path.join(parent, name), path.join(parent, base));
      else await rm(path.join(parent, name), { recursive: true, force: true });
    } else if (
      name.startsWith(`${STAGE_PREFIX}${base}-`) &&
      !isAlive(Number(name.split("-").pop()))
    ) {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
}

export async function writeOutput(
  outDir: string,
  next: OutputFiles,
  changes: FileChanges,
): Promise<void> {
  const { parent, base } = siblings(outDir);
  const target = path.join(parent, base);
  const stage = path.join(parent, `${STAGE_PREFIX}${base}-${process.pid}`);
  const aside = path.join(parent, `${ASIDE_PREFIX}${base}-${process.pid}`);
  const changed = new Set([...changes.added, ...changes.modified]);
  let movedAside = false;
  try {
    await mkdir(parent, { recursive: true });
    await rm(stage, { recursive: true, force: true });
    mkdirSync(stage);
    for (const dir of directoriesOf(next.keys())) mkdirSync(path.join(stage, dir));
    // New bytes are written by the thread pool meanwhile; unchanged files are linked here, one
    // system call each (a promise per link costs more than the link).
    const written = Promise.all(
      [...changed].map((file) => writeFile(path.join(stage, file), next.get(file)!)),
    );
    const copies: Promise<void>[] = [];
    for (const file of next.keys()) {
      if (changed.has(file)) continue;
      const [from, to] = [path.join(target, file), path.join(stage, file)];
      try {
        linkSync(from, to);
      } catch {
        copies.push(copyFile(from, to));
      }
    }
    await Promise.all([written, ...copies]);
    if (existsSync(target)) {
      await rename(target, aside);
      movedAside = true;
    }
    await rename(stage, target);
  } catch (error) {
    await rm(stage, { recursive: true, force: true }).catch(() => {});
    if (!existsSync(target) && existsSync(aside)) await rename(aside, target);
    throw new GenerationError(
      "WRITE_FAILED",
      `Could not write ${outDir}: ${(error as Error).message}. The previous output is unchanged.`,
      { cause: error },
    );
  }
  if (!movedAside) return;
  const added = new Set(changes.added);
  removeAside(aside, [...[...next.keys()].filter((f) => !added.has(f)), ...changes.removed]);
}

/** Every directory that holds one of `files` (relative paths), parents before children. */
function directoriesOf(files: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const file of files)
    for (let dir = path.dirname(file); dir !== "." && !dirs.has(dir); dir = path.dirname(dir))
      dirs.add(dir);
  return [...dirs].sort((a, b) => a.length - b.length);
}

/**
 * Removes the previous output once the new one is in place: the files it was listed with, then
 * its directories, which is much cheaper than a recursive removal that looks at every entry. If
 * anything else is there (a file added since the listing), the recursive removal does the rest.
 */
function removeAside(aside: string, files: readonly string[]): void {
  try {
    for (const file of files) unlinkSync(path.join(aside, file));
    for (const dir of directoriesOf(files).reverse()) rmdirSync(path.join(aside, dir));
    rmdirSync(aside);
  } catch {
    rmSync(aside, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
