/** Live source: placeholder until the live fetch lands. */
import { UsageError } from "./errors.js";
import type { GenerateOptions } from "./options.js";
import type { SnapshotFile } from "./readSnapshot.js";
export function liveSource(
  _options: GenerateOptions,
  _env: NodeJS.ProcessEnv,
  _reporter: unknown,
): () => Promise<SnapshotFile[]> {
  return async () => {
    throw new UsageError("The live source is not available yet; run with --offline.");
  };
}
