/**
 * Source: the schema snapshot on disk (`<dir>/<file>.json`, one per app). Used offline and, after a
 * live fetch has written the snapshot, online too.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "./canonicalJson.js";
import { GenerationError } from "./errors.js";
import { rememberSourceText, type WireAppSnapshot } from "./snapshot.js";

export interface SnapshotFile {
  /** Path relative to the snapshot directory, for messages. */
  source: string;
  snapshot: WireAppSnapshot;
}

/**
 * Reads every `*.json` of `dir`. `known` holds texts already read (by file name), so a snapshot
 * inside the previous output is not read twice.
 */
export async function readSnapshotDir(
  dir: string,
  known?: ReadonlyMap<string, string>,
): Promise<SnapshotFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort(compareCodeUnits);
  } catch (error) {
    throw new GenerationError(
      "SNAPSHOT_MISSING",
      `No schema snapshot at ${dir} (${(error as NodeJS.ErrnoException).code}). Run with REFOLD_API_KEY set to fetch one.`,
    );
  }
  if (names.length === 0)
    throw new GenerationError(
      "SNAPSHOT_MISSING",
      `The schema snapshot at ${dir} holds no app (*.json).`,
    );
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const text = known?.get(name) ?? (await readFile(file, "utf8"));
      try {
        const snapshot = JSON.parse(text) as WireAppSnapshot;
        if (snapshot !== null && typeof snapshot === "object") rememberSourceText(snapshot, text);
        return { source: file, snapshot };
      } catch (error) {
        throw new GenerationError(
          "SNAPSHOT_INVALID",
          `${file} is not valid JSON: ${(error as Error).message}`,
        );
      }
    }),
  );
}
