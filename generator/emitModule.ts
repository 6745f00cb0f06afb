/**
 * The per-app unit of work: compile params → emit → format → gate. Runs in this thread or in a
 * worker (see `workerPool.ts`); the result is the module's final text.
 */
import { Project } from "ts-morph";
import { compileParams } from "./compileParams.js";
import { appModuleNames, emitApp } from "./emitApp.js";
import type { Formatter } from "./format.js";
import { gate } from "./gate.js";
import type { NamedApp } from "./model.js";

/** An app without its wire snapshot: all the emit stages need, and cheap to send to a worker. */
export type EmitInput = NamedApp;

export function createModuleEmitter(formatter: Formatter) {
  const project = new Project({ useInMemoryFileSystem: true });
  return async (app: EmitInput): Promise<string> => {
    const moduleFile = `apps/${app.fileName}.ts`;
    const code = await formatter.formatModule(
      emitApp(project, app, await compileParams(app)),
      moduleFile,
    );
    gate(moduleFile, code, appModuleNames(app));
    return code;
  };
}
