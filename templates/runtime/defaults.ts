/**
 * The default executor behind the module form (`import { hubspot } from "./generated/apps/hubspot.js"`).
 * Configured lazily on the first call, from `configureRefold(options)` or the environment:
 * `REFOLD_API_KEY` or `REFOLD_SESSION_TOKEN`, `REFOLD_BASE_URL`, `REFOLD_LINKED_ACCOUNT_ID`
 * (options given to `configureRefold` win over the environment).
 */
import { RefoldConfigurationError } from "./errors.js";
import { optionsFromEnv, withEnvironment } from "./env.js";
import { createExecutor, type Executor } from "./executor.js";
import type { ClientOptions } from "./options.js";
import type { Execute } from "./types.js";

let configured: ClientOptions | undefined;
let executor: Executor | undefined;

const NOT_CONFIGURED =
  "Refold is not configured. Set the REFOLD_API_KEY environment variable (plus REFOLD_LINKED_ACCOUNT_ID, " +
  "or pass { linkedAccountId } per call), or REFOLD_SESSION_TOKEN, or call configureRefold({ apiKey, linkedAccountId }) " +
  "before using the module form. REFOLD_BASE_URL optionally overrides https://app.refold.ai.";

/**
 * Configures the default executor used by the module form. Replaces (and closes) a previously
 * configured one; calls already in flight finish on the old pool.
 */
export function configureRefold(options: ClientOptions): void {
  const previous = executor;
  configured = options;
  executor = undefined;
  if (previous !== undefined) void previous.close().catch(() => undefined);
}

/** Closes the default executor and forgets its configuration (the environment is read again). */
export async function resetRefold(): Promise<void> {
  const previous = executor;
  configured = undefined;
  executor = undefined;
  if (previous !== undefined) await previous.close();
}

function current(): Executor {
  if (executor !== undefined) return executor;
  const options = configured === undefined ? optionsFromEnv() : withEnvironment(configured);
  if (options === undefined) throw new RefoldConfigurationError(NOT_CONFIGURED);
  executor = createExecutor(options);
  return executor;
}

/** The execute function of the module form; rejects with a configuration error when unset. */
export const defaultExecute: Execute = (slug, actionId, params, options) => {
  let target: Executor;
  try {
    target = current();
  } catch (error) {
    return Promise.reject(error);
  }
  return target.execute(slug, actionId, params, options);
};
