/**
 * Source: the schema snapshot on disk (`<dir>/<file>.json`, one per app). Used offline and, after a
 * live fetch has written the snapshot, online too.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "./canonicalJson.js";
import { GenerationError } from "./errors.js";
import type { WireAppSnapshot } from "./snapshot.js";

export interface SnapshotFile {
  /** Path relative to the snapshot directory, for messages. */
  source: string;
  snapshot: WireAppSnapshot;
}

export async function readSnapshotDir(dir: string): Promise<SnapshotFile[]> {
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
      const text = await readFile(file, "utf8");
      try {
        return { source: file, snapshot: JSON.parse(text) as WireAppSnapshot };
      } catch (error) {
        throw new GenerationError(
          "SNAPSHOT_INVALID",
          `${file} is not valid JSON: ${(error as Error).message}`,
        );
      }
    }),
  );
}
