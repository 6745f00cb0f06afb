/**
 * The environment half of the one configuration story: explicit option > environment > default.
 * `createClient` and the module form both read `REFOLD_API_KEY` / `REFOLD_SESSION_TOKEN`,
 * `REFOLD_BASE_URL` and `REFOLD_LINKED_ACCOUNT_ID` through here when their options omit them.
 */
import type { ClientOptions } from "./options.js";

function env(name: string): string | undefined {
  const value = typeof process === "undefined" ? undefined : process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * `options` with every omitted (or `undefined`) setting taken from the environment. Credentials
 * count as one setting: the environment's key or token is used only when the options carry neither.
 */
export function withEnvironment(options: ClientOptions): ClientOptions {
  const out: ClientOptions = { ...options };
  if (!options.apiKey && !options.sessionToken) {
    const apiKey = env("REFOLD_API_KEY");
    const sessionToken = env("REFOLD_SESSION_TOKEN");
    if (apiKey !== undefined) out.apiKey = apiKey;
    else if (sessionToken !== undefined) out.sessionToken = sessionToken;
  }
  if (options.baseUrl === undefined) {
    const baseUrl = env("REFOLD_BASE_URL");
    if (baseUrl !== undefined) out.baseUrl = baseUrl;
  }
  if (options.linkedAccountId === undefined) {
    const account = env("REFOLD_LINKED_ACCOUNT_ID");
    if (account !== undefined) out.linkedAccountId = account;
  }
  return out;
}

/** Options from the environment alone, or `undefined` when it sets no credential. */
export function optionsFromEnv(): ClientOptions | undefined {
  const options = withEnvironment({});
  return options.apiKey === undefined && options.sessionToken === undefined ? undefined : options;
}
