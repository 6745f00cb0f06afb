/**
 * Every reuse decision of a run, in one place; the stages themselves are plain functions.
 *
 * - What is current: when the output directory holds exactly the files the last run wrote (every
 *   file's bytes hash as its manifest records, and the manifest is one this generator wrote) and
 *   the run key (`runKey.ts`) is this run's, a fresh run would write the same bytes, so the
 *   pipeline is skipped. Only offline runs from
 *   `<out>/schemas` qualify: anything else (a live fetch, another snapshot directory) runs it.
 *   The check itself is `currentOutput.ts`.
 * - What the stat cache says (`statCache.ts`): files whose size, modification time and inode are
 *   those recorded when they were last verified are not hashed again, as git does for its index.
 * - What can be reused, and what need not be parsed (`reuse.ts`): only an output of the same
 *   generator (fingerprint) is trusted, and nothing is with `--no-cache`; a manifest this
 *   generator wrote under this very run key (the stat cache says so) is sealed: its entries are
 *   what this run computes, so they are not re-derived.
 */
import path from "node:path";
import { sha256 } from "../core/hash.js";
import { bindingsOf, GENERATOR_FINGERPRINT, parseManifest } from "./manifest.js";
import type { CatalogBindings } from "../model/names.js";
import type { GenerateOptions } from "../core/options.js";
import type { RecordedApp } from "../core/model.js";
import type { SnapshotText } from "../source/readSnapshot.js";
import { libraryVersions, modelKey, OUTPUT_LIBRARIES, runKey, templatesHash } from "./runKey.js";
import { listOutputDir } from "./writeOutput.js";
import type { DiskFile, OutputFiles } from "./outputFiles.js";
import { recordedFrom, reuseFrom, type Reuse } from "./reuse.js";
import {
  allVerified,
  currentOutput,
  readManifestFile,
  readOutputState,
  type CurrentOutput,
  type OutputState,
  type RecordedManifest,
} from "./currentOutput.js";

/** The first question of a run: is the output already what this run would write? */
export interface CurrentCheck {
  /** Recorded in the manifest: the next run trusts this output only under the same key. */
  key: string;
  /** The output when it is provably current: nothing needs to run. */
  current?: CurrentOutput;
  /** `<out>/manifest.json` as read (with the cache on). */
  recordedManifest?: RecordedManifest;
  /** The output directory as listed for the check (with the cache on and a manifest). */
  state?: OutputState;
  /** Hash of the runtime templates (part of the run key and the model key). */
  templates: string;
  /** True when no previous output of this generator can be trusted: every app is emitted. */
  reusesNothing: boolean;
}

export interface Cache {
  /** Recorded in the manifest: the next run trusts this output only under the same key. */
  key: string;
  /** What shapes every module besides its own app (formatter config, emit library versions). */
  moduleKey: string;
  /** The previous output as listed (files are read only when asked for). */
  previous: OutputFiles;
  /** Names bound by the previous output: kept whatever its generator version or `--no-cache`. */
  bindings: CatalogBindings;
  /** The previous output's snapshot files, by file name (read from there, so not listed twice). */
  knownSnapshots?: (name: string) => DiskFile | undefined;
  /** Nothing will be reused: every app is emitted. */
  reusesNothing: boolean;
  reuse: Reuse;
  /** Recorded in the manifest: the next run reuses its app models only under the same key. */
  modelKey: string;
  /** Compiled params are kept between runs under this key (`paramsCache.ts`); none with `--no-cache`. */
  paramsKey?: string;
  /** The app a snapshot file holds, from the manifest, when it need not be parsed. */
  recorded(file: SnapshotText): RecordedApp | undefined;
}

/**
 * Whether the output in `outDir` is current for a run from `snapshotDir` (undefined for a live
 * source). `configKey` identifies the formatter config.
 */
export async function checkCurrent(
  options: GenerateOptions,
  outDir: string,
  snapshotDir: string | undefined,
  configKey: string,
  likelyStale?: () => void,
): Promise<CurrentCheck> {
  const templates = await templatesHash();
  const key = await runKey(options, configKey, libraryVersions(), templates);
  // Parsed once: the up-to-date check and the reuse decisions read the same manifest.
  const recordedManifest = options.cache ? await readManifestFile(outDir) : undefined;
  const state = recordedManifest && (await readOutputState(outDir, recordedManifest));
  // A file changed since this output was verified under this very key: the run will most likely
  // emit a little, so the caller may start loading for it now (what follows decides).
  if (state?.record?.key === key && !allVerified(state)) likelyStale?.();
  const current =
    state && snapshotDir === path.join(outDir, "schemas")
      ? await currentOutput(outDir, key, recordedManifest, state)
      : undefined;
  // Asked only when the output is not current (it parses the manifest).
  const reusesNothing =
    !current && recordedManifest?.manifest?.generator?.fingerprint !== GENERATOR_FINGERPRINT;
  return { key, current, recordedManifest, state, templates, reusesNothing };
}

/**
 * Opens the cache of a run whose output is not current (`check`), writing to `outDir` from
 * `snapshotDir` (undefined for a live source).
 */
export async function openCache(
  options: GenerateOptions,
  outDir: string,
  snapshotDir: string | undefined,
  configKey: string,
  check: CurrentCheck,
): Promise<Cache> {
  const versions = libraryVersions();
  const model = await modelKey(check.templates);
  const { recordedManifest } = check;
  // Files unchanged on disk since they were verified against this very manifest are marked so:
  // neither read nor hashed again.
  const previous = check.state?.listed ?? (await listOutputDir(outDir));
  const manifest = recordedManifest
    ? recordedManifest.manifest
    : parseManifest(previous.get("manifest.json"));
  const trusted = check.reusesNothing ? undefined : recordedManifest?.manifest;
  const moduleKey = sha256(
    JSON.stringify([configKey, OUTPUT_LIBRARIES.map((name) => [name, versions[name]])]),
  );
  const reuse = reuseFrom(trusted, previous, (file) => previous.disk(file)?.verified === true);
  const bindings = bindingsOf(manifest);
  // This generator wrote the manifest itself, under this run key (see `recordedFrom`).
  const record = check.state?.record;
  const sealed = trusted !== undefined && record?.written === true && record.key === check.key;
  return {
    key: check.key,
    moduleKey,
    previous,
    bindings,
    knownSnapshots:
      snapshotDir === path.join(outDir, "schemas")
        ? (name) => previous.disk(`schemas/${name}`)
        : undefined,
    reusesNothing: trusted === undefined,
    reuse,
    modelKey: model,
    paramsKey: options.cache ? check.key : undefined,
    recorded:
      trusted?.run?.model === model
        ? recordedFrom(trusted, bindings, reuse, options, moduleKey, sealed)
        : () => undefined,
  };
}
