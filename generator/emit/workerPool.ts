/**
 * Spreads per-app emit work over worker threads. Module text is deterministic whichever worker
 * builds it, and results are put back in catalog order, so the output does not depend on timing.
 * Small jobs run in this thread: starting a worker costs more than a few apps. A cold run of a
 * large catalog starts its workers early (`startWorkers`), so they load their libraries while
 * this thread reads and plans the catalog.
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EmitInput } from "./emitModule.js";
import { GenerationError } from "../core/errors.js";
import { EMIT_WORKER_FILE } from "../core/paths.js";
import type { Formatter } from "./format.js";
import type { PrettierConfig } from "./prettierConfig.js";
import type { PrintedModule } from "./printModule.js";
import type { GenerateOptions } from "../core/options.js";

/** Below this many apps to emit, workers are not worth their start-up time. */
export const MIN_APPS_FOR_WORKERS = 24;

export const defaultWorkerCount = () => Math.min(4, availableParallelism());

interface WorkerReply {
  id: number;
  code?: string;
  error?: { name: string; message: string; code?: string; stack?: string };
}

/**
 * Started worker threads, each with its emit libraries loading: every library (role "all"), or
 * ts-morph's side only, for metadata modules and the gate (role "gate"; see `emitWorker.js`).
 */
export interface Workers {
  readonly threads: Worker[];
  readonly role: "all" | "gate";
  /** Ends the threads (once; later calls wait for the same end). */
  close(): Promise<void>;
}

export function startWorkers(
  outDir: string,
  config: PrettierConfig,
  count = defaultWorkerCount(),
  role: Workers["role"] = "all",
): Workers | undefined {
  if (count < 1) return undefined;
  const threads = Array.from(
    { length: count },
    () =>
      new Worker(EMIT_WORKER_FILE, {
        workerData: { outDir, config, role },
        // The emit stages allocate many short-lived strings and nodes: a larger young generation
        // means far fewer scavenges.
        resourceLimits: { maxYoungGenerationSizeMb: 16 },
      }),
  );
  let closed: Promise<void> | undefined;
  return {
    threads,
    role,
    close: () => (closed ??= Promise.all(threads.map((w) => w.terminate())).then(() => {})),
  };
}

/**
 * Workers started before the catalog is read, so that they load their libraries meanwhile. A run
 * that reuses nothing (`all`) gets enough for every app of `snapshotDir`, when it holds enough apps
 * to need them. A run that reuses some will emit few apps, perhaps one: the first such run of a
 * process gets one worker of role "gate", which loads TypeScript (for the gate) on another core while this thread
 * reads and plans (later runs load the libraries here once and keep them).
 */
export async function startWorkersFor(
  snapshotDir: string,
  options: Pick<GenerateOptions, "apps" | "workers">,
  outDir: string,
  config: PrettierConfig,
  all: boolean,
): Promise<Workers | undefined> {
  if (options.workers === 1 || defaultWorkerCount() <= 1) return undefined;
  if (!all) {
    if (earlyWorkerStarted) return undefined;
    earlyWorkerStarted = true;
    return startWorkers(outDir, config, 1, "gate");
  }
  const count = existsSync(snapshotDir)
    ? (await readdir(snapshotDir)).filter((f) => f.endsWith(".json")).length
    : 0;
  const apps = options.apps ? Math.min(options.apps.length, count) : count;
  return apps >= MIN_APPS_FOR_WORKERS
    ? startWorkers(
        outDir,
        config,
        Math.min(options.workers ?? defaultWorkerCount(), Math.ceil(apps / 8)),
      )
    : undefined;
}

let earlyWorkerStarted = false;

/**
 * One emit job: the app's module, or with `metaFile` its metadata module. `paramsKey` keeps the
 * app's compiled params between runs under that key (`paramsCache.ts`).
 */
export interface EmitJob {
  app: EmitInput;
  metaFile?: string;
  paramsKey?: string;
}

/** What a worker is sent: an emit job, or an app module printed elsewhere, to gate. */
type WorkerJob = EmitJob | { gate: PrintedModule };

const isAppJob = (job: EmitJob) => job.metaFile === undefined;

/**
 * The emitted texts (in job order), and whether they passed the gate. Texts that are not yet gated
 * may be assembled and compared while `gated` is pending, but nothing may be written or returned
 * before it resolves: it rejects with the gate's error.
 */
export interface EmittedModules {
  texts: string[];
  gated: Promise<void>;
}

const GATED: Promise<void> = Promise.resolve();

/**
 * Emits every job's text (in job order), on `workers` when given (or started here for a large
 * job), else in this thread. `onModule` is called per app module done (and gated).
 */
export async function emitModules(
  jobs: EmitJob[],
  formatter: Formatter,
  outDir: string,
  options: { workers?: Workers; count?: number; onModule?: () => void } = {},
): Promise<EmittedModules> {
  const given = options.workers;
  const apps = jobs.filter(isAppJob).length;
  const count = Math.min(options.count ?? defaultWorkerCount(), Math.ceil(apps / 8));
  if (given?.role === "gate" && apps < MIN_APPS_FOR_WORKERS)
    return emitSplit(jobs, formatter, outDir, given, options.onModule);
  if (!given && (apps < MIN_APPS_FOR_WORKERS || count <= 1))
    return { texts: await emitHere(jobs, formatter, outDir, options.onModule), gated: GATED };
  // Every job on workers: the given ones, and as many more as a large job needs.
  const more = given?.role === "all" ? 0 : Math.max(0, count - (given?.threads.length ?? 0));
  const started = more > 0 ? startWorkers(outDir, formatter.config, more) : undefined;
  const threads = [...(given?.threads ?? []), ...(started?.threads ?? [])];
  try {
    return { texts: await runOn(threads, jobs, options.onModule), gated: GATED };
  } finally {
    await started?.close();
  }
}

/**
 * A few apps and a "gate" worker: this thread prints the app modules (json-schema-to-typescript)
 * while the worker, which has loaded TypeScript meanwhile, emits the metadata modules; then the
 * worker gates the printed app modules while this thread goes on assembling the output.
 */
async function emitSplit(
  jobs: EmitJob[],
  formatter: Formatter,
  outDir: string,
  workers: Workers,
  onModule?: () => void,
): Promise<EmittedModules> {
  const [{ createModulePrinter }, { paramsCacheOf }] = await Promise.all([
    import("./printModule.js"),
    import("./paramsCache.js"),
  ]);
  const print = createModulePrinter(formatter);
  const printAll = async () => {
    const printed: PrintedModule[] = [];
    for (const job of jobs.filter(isAppJob))
      printed.push(await print(job.app, paramsCacheOf(outDir, job)));
    return printed;
  };
  const [metaTexts, printed] = await Promise.all([
    runOn(
      workers.threads,
      jobs.filter((job) => !isAppJob(job)),
    ),
    printAll(),
  ]);
  const gated = runOn(
    workers.threads,
    printed.map((gate) => ({ gate })),
    onModule,
  ).then(() => {});
  // Awaited by the caller before anything is written; until then a failure must not go unhandled.
  gated.catch(() => {});
  const appTexts = printed.map((p) => p.code);
  return { texts: jobs.map((job) => (isAppJob(job) ? appTexts : metaTexts).shift()!), gated };
}

/** Emits `jobs` in this thread, loading the emit libraries on first use. */
async function emitHere(
  jobs: EmitJob[],
  formatter: Formatter,
  outDir: string,
  onModule?: () => void,
): Promise<string[]> {
  if (jobs.length === 0) return [];
  // Loaded on demand, and only what the jobs need: these libraries are the bulk of the
  // generator's start-up time (metadata modules need no json-schema-to-typescript).
  const [emit, { emitMetadataModule }, { paramsCacheOf }] = await Promise.all([
    jobs.some((job) => job.metaFile === undefined)
      ? import("./emitModule.js").then((m) => m.createModuleEmitter(formatter))
      : undefined,
    import("./emitMetadataModule.js"),
    import("./paramsCache.js"),
  ]);
  const out: string[] = [];
  for (const job of jobs) {
    if (job.metaFile !== undefined) {
      out.push(await emitMetadataModule(job.app, job.metaFile, formatter));
      continue;
    }
    out.push(await emit!(job.app, paramsCacheOf(outDir, job)));
    onModule?.();
  }
  return out;
}

async function runOn(
  threads: Worker[],
  jobs: WorkerJob[],
  onModule?: () => void,
): Promise<string[]> {
  const results: string[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    threads.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const send = () => {
            if (next >= jobs.length) return resolve();
            const id = next++;
            worker.postMessage({ id, ...jobs[id] });
          };
          const onMessage = (message: WorkerReply) => {
            if (message.error) return finish(rebuildError(message.error));
            results[message.id] = message.code!;
            const job = jobs[message.id]!;
            if (!("metaFile" in job) || job.metaFile === undefined) onModule?.();
            send();
          };
          const onExit = (code: number) =>
            finish(new Error(`emit worker exited with code ${code}`));
          const finish = (error: Error) => {
            worker.off("message", onMessage).off("error", finish).off("exit", onExit);
            reject(error);
          };
          worker.on("message", onMessage).on("error", finish).on("exit", onExit);
          send();
        }),
    ),
  );
  for (const worker of threads)
    worker.removeAllListeners("message").removeAllListeners("error").removeAllListeners("exit");
  return results;
}

/** Errors cross the thread boundary as plain data; generation errors keep their class and code. */
function rebuildError(error: NonNullable<WorkerReply["error"]>): Error {
  if (error.name === "GenerationError")
    return new GenerationError(error.code ?? "EMIT_FAILED", error.message);
  const rebuilt = new Error(error.message);
  rebuilt.stack = error.stack;
  return rebuilt;
}
