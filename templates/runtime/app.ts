/**
 * What generated modules import (`apps/<slug>.ts`, `apps/<slug>.meta.ts`): the factory builder, the
 * default executor and the types their declarations name. Kept this small so that type-checking one app
 * loads only the runtime that app needs.
 */
export { appFactory, type ActionSpecs } from "./bind.js";
export { defaultExecute } from "./defaults.js";
export type { Action, ActionWithOptionalParams, AppFactory, JsonValue } from "./types.js";
export type { AppMetadata } from "./metadata.js";
