/**
 * The per-app unit of work: compile params → emit (the module's model) → print/format
 * (`printModule.ts`) → gate. Runs in this thread or in a worker (see `workerPool.ts`); the result
 * is the module's final text.
 */
import type { Formatter } from "./format.js";
import { gateAppModule } from "./gate.js";
import type { NamedApp } from "../core/model.js";
import type { AppParamsCache } from "./compileParams.js";
import { createModulePrinter } from "./printModule.js";

/** An app without its wire snapshot: all the emit stages need, and cheap to send to a worker. */
export type EmitInput = NamedApp;

export function createModuleEmitter(formatter: Formatter) {
  const print = createModulePrinter(formatter);
  return async (app: EmitInput, cache?: AppParamsCache): Promise<string> => {
    const { fileName, code, module } = await print(app, cache);
    gateAppModule(fileName, code, module);
    return code;
  };
}
