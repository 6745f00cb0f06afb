/**
 * Resuming an interrupted fetch. Each app is recorded as soon as its schemas are in (under the OS
 * temp directory, keyed by output directory, base URL, linked account and auth mode: never by a
 * credential); a fetch that fails keeps the record, and the next fetch with the same key takes the
 * apps recorded within RESUME_WINDOW_MS instead of fetching them again. A fetch that completes
 * deletes it. Only schemas are recorded, which the output's `schemas/` holds anyway.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sha256 } from "../../core/hash.js";
import type { SnapshotFile } from "../readSnapshot.js";

/** Recorded apps older than this are fetched again (the catalog may have changed since). */
export const RESUME_WINDOW_MS = 60 * 60 * 1000;

export interface Journal {
  /** Apps recorded by an interrupted fetch, by slug. */
  readonly resumed: ReadonlyMap<string, SnapshotFile>;
  save(slug: string, file: SnapshotFile): Promise<void>;
  /** The fetch completed: nothing to resume. */
  clear(): Promise<void>;
}

interface Entry {
  savedAt: number;
  file: SnapshotFile;
}

export function journalDir(parts: readonly (string | undefined)[]): string {
  const key = sha256(JSON.stringify(parts)).slice(0, 24);
  return path.join(os.tmpdir(), `refold-gen-fetch-${key}`);
}

export async function openJournal(dir: string, now: () => number): Promise<Journal> {
  const resumed = new Map<string, SnapshotFile>();
  let names: string[] = [];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    // No interrupted fetch.
  }
  for (const name of names) {
    try {
      const entry = JSON.parse(await readFile(path.join(dir, name), "utf8")) as Entry;
      const slug = entry.file?.snapshot?.app?.slug;
      if (typeof slug === "string" && now() - entry.savedAt < RESUME_WINDOW_MS)
        resumed.set(slug, entry.file);
    } catch {
      // A record cut short by the interruption: that app is fetched again.
    }
  }
  let made = false;
  return {
    resumed,
    async save(slug, file) {
      if (!made) await mkdir(dir, { recursive: true, mode: 0o700 });
      made = true;
      const name = `${sha256(slug).slice(0, 16)}.json`;
      const entry: Entry = { savedAt: now(), file };
      await writeFile(path.join(dir, name), JSON.stringify(entry), { mode: 0o600 });
    },
    clear: () => rm(dir, { recursive: true, force: true }),
  };
}
