/**
 * The per-app unit of work: compile params → emit (the module's model) → print/format → gate.
 * Runs in this thread or in a worker (see `workerPool.ts`); the result is the module's final text.
 */
import { compileParams } from "./compileParams.js";
import { emitApp } from "./emitApp.js";
import type { Formatter } from "./format.js";
import { gateAppModule } from "./gate.js";
import type { NamedApp } from "../core/model.js";

/** An app without its wire snapshot: all the emit stages need, and cheap to send to a worker. */
export type EmitInput = NamedApp;

export function createModuleEmitter(formatter: Formatter) {
  return async (app: EmitInput): Promise<string> => {
    const moduleFile = `apps/${app.fileName}.ts`;
    const module = emitApp(app, await compileParams(app));
    const code = await formatter.formatModule(module, moduleFile);
    gateAppModule(moduleFile, code, module);
    return code;
  };
}
