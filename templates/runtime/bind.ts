/**
 * Binds one app's slug to an execute function. Each generated method is then one line that hands a
 * small spec to the one executor: `createContact: action("create_contact", "write")`.
 */
import type { ActionKind, CallOptions, Execute } from "./types.js";

/** A generated method: params and options in, the executor's promise out (typed by the app's interface). */
export type BoundAction = (params?: object, options?: CallOptions) => Promise<any>;

/** Returns `action(actionId, kind)`, which builds the method for one action of the app. */
export function bindApp(
  execute: Execute,
  slug: string,
): (actionId: string, kind: ActionKind) => BoundAction {
  return (actionId, kind) => (params, options) =>
    execute(slug, actionId, params, { ...options, kind });
}
