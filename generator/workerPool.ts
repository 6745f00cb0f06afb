/**
 * Spreads per-app emit work over worker threads. Module text is deterministic whichever worker
 * builds it, and results are put back in catalog order, so the output does not depend on timing.
 * Small jobs run in this thread: starting a worker costs more than a few apps.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createModuleEmitter, type EmitInput } from "./emitModule.js";
import { GenerationError } from "./errors.js";
import type { Formatter } from "./format.js";

/** Below this many apps to emit, workers are not worth their start-up time. */
export const MIN_APPS_FOR_WORKERS = 24;

export const defaultWorkerCount = () => Math.min(4, availableParallelism());

export async function emitModules(
  apps: EmitInput[],
  formatter: Formatter,
  outDir: string,
  workers = defaultWorkerCount(),
): Promise<string[]> {
  const count = Math.min(workers, Math.ceil(apps.length / 8));
  if (count <= 1 || apps.length < MIN_APPS_FOR_WORKERS) {
    const emit = createModuleEmitter(formatter);
    const out: string[] = [];
    for (const app of apps) out.push(await emit(app));
    return out;
  }
  return runInWorkers(apps, outDir, count);
}

async function runInWorkers(apps: EmitInput[], outDir: string, count: number): Promise<string[]> {
  const results: string[] = new Array(apps.length);
  const pool = Array.from(
    { length: count },
    () => new Worker(new URL("./emitWorker.js", import.meta.url), { workerData: { outDir } }),
  );
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (next >= apps.length) return resolve();
              const id = next++;
              worker.postMessage({ id, app: apps[id] });
            };
            worker.on(
              "message",
              (message: {
                id: number;
                code?: string;
                error?: { name: string; message: string; code?: string; stack?: string };
              }) => {
                if (message.error) return reject(rebuildError(message.error));
                results[message.id] = message.code!;
                send();
              },
            );
            worker.on("error", reject);
            worker.on("exit", (code) => {
              if (next < apps.length || code !== 0)
                reject(new Error(`emit worker exited with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return results;
}

/** Errors cross the thread boundary as plain data; generation errors keep their class and code. */
function rebuildError(error: {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}): Error {
  if (error.name === "GenerationError")
    return new GenerationError(error.code ?? "EMIT_FAILED", error.message);
  const rebuilt = new Error(error.message);
  rebuilt.stack = error.stack;
  return rebuilt;
}
