/**
 * `generate --watch`: runs once, then again whenever the config file or a snapshot file changes
 * (debounced). A failed run leaves the last good output in place (writes are atomic) and says why;
 * the next change tries again. Ends on SIGINT or SIGTERM with exit 0.
 *
 * The output directory is swapped on every write, so the watchers are re-armed after each run, and
 * a run starts only when the watched content really differs from what the last run saw (events
 * caused by the run's own writes are ignored that way).
 */
import { existsSync, readdirSync, readFileSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { sha256Of } from "../core/hash.js";

export interface WatchTargets {
  files: string[];
  dirs: string[];
}

export interface WatchOptions {
  run(): Promise<number>;
  targets(): Promise<WatchTargets>;
  report(line: string): void;
  fail(error: unknown): number;
  debounceMs?: number;
  /** Resolves to stop watching (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
}

export async function watchGenerate(options: WatchOptions): Promise<number> {
  const debounceMs = options.debounceMs ?? 200;
  let watchers: FSWatcher[] = [];
  let seen = "";
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    const targets = await options.targets();
    seen = fingerprint(targets);
    let code: number;
    try {
      code = await options.run();
    } catch (error) {
      code = options.fail(error);
    }
    // Armed before saying so, and anything that changed during the run (or before the watchers
    // existed) is caught by comparing contents: no edit is lost in between.
    const now = await options.targets();
    arm(now);
    if (fingerprint(now) !== seen) changed();
    options.report(
      code === 0
        ? `watching ${describe(targets)} for changes (Ctrl-C to stop).`
        : "this run failed; the last good output is unchanged. Watching for the next change (Ctrl-C to stop).",
    );
  };
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if (fingerprint(await options.targets()) !== seen) await runOnce();
      });
    }, debounceMs);
  };
  const arm = (targets: WatchTargets) => {
    for (const w of watchers) w.close();
    watchers = [];
    // Parents too: editors replace files, and the output directory is replaced on every write.
    const dirs = new Set([
      ...targets.files.map((f) => path.dirname(f)),
      ...targets.dirs.flatMap((d) => [d, path.dirname(d)]),
    ]);
    for (const dir of dirs) {
      if (!existsSync(dir)) continue;
      try {
        watchers.push(watch(dir, changed).on("error", () => {}));
      } catch {
        // Vanished between the check and the watch: the next run re-arms.
      }
    }
  };

  running = runOnce();
  await running;
  await (options.stop ??
    new Promise((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    }));
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return 0;
}

/** A hash of the watched files' contents (and of which snapshot files exist). */
function fingerprint(targets: WatchTargets): string {
  return sha256Of(watchedContents(targets));
}

function* watchedContents(targets: WatchTargets): Generator<string | Uint8Array> {
  const dirFiles = targets.dirs.flatMap((dir) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => n.endsWith(".json"))
          .sort()
          .map((name) => path.join(dir, name))
      : [],
  );
  for (const file of [...targets.files, ...dirFiles]) {
    yield file + "\0";
    try {
      yield readFileSync(file);
    } catch {
      yield "(missing)";
    }
  }
}

function describe(targets: WatchTargets): string {
  const cwd = process.cwd();
  return [...targets.files, ...targets.dirs].map((p) => path.relative(cwd, p) || ".").join(" and ");
}
