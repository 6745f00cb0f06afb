/**
 * The first half of the per-app unit of work: compile params → emit (the module's model) →
 * print/format. Needs json-schema-to-typescript but not ts-morph, so it can run in one thread
 * while the gate (`gate.ts`, ts-morph) runs in another (see `workerPool.ts`).
 */
import { compileParams, type AppParamsCache } from "./compileParams.js";
import { emitApp, type AppModule } from "./emitApp.js";
import type { Formatter } from "./format.js";
import type { NamedApp } from "../core/model.js";

/** An app module as printed, with the model the gate checks it against. */
export interface PrintedModule {
  fileName: string;
  code: string;
  module: AppModule;
}

export function createModulePrinter(formatter: Formatter) {
  return async (app: NamedApp, cache?: AppParamsCache): Promise<PrintedModule> => {
    const fileName = `apps/${app.fileName}.ts`;
    const module = emitApp(app, await compileParams(app, cache));
    return { fileName, code: await formatter.formatModule(module, fileName), module };
  };
}
