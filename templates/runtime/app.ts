/**
 * What generated modules import (`apps/<slug>.ts`, `apps/<slug>.meta.ts`): the binder, the default
 * executor and the types their declarations name. Kept this small so that type-checking one app
 * loads only the runtime that app needs.
 */
export { bindApp } from "./bind.js";
export { defaultExecute } from "./defaults.js";
export type { Action, ActionWithOptionalParams, Execute, JsonValue } from "./types.js";
export type { AppMetadata } from "./metadata.js";
