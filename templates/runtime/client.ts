/**
 * `createClient`: the object users hold. App properties are lazy getters (an app's factory runs on
 * first access and is cached per client), so a client with hundreds of apps costs nothing until
 * used. `forAccount` clients share the one executor, pool, rate limiter and token cache.
 */
import { withEnvironment } from "./env.js";
import { RefoldConfigurationError } from "./errors.js";
import { createExecutor, type Executor } from "./executor.js";
import { createMetadataIndex, type MetadataIndex, type MetadataLoaders } from "./metadata.js";
import type { ClientOptions } from "./options.js";
import type { AppFactory, Execute } from "./types.js";
import { paramsValidator } from "./validate.js";

/** A client: one property per app, plus account scoping, raw execute and close. */
export type Client<Apps> = Apps & {
  /** A client whose calls default to `linkedAccountId` (shares this client's pool). */
  forAccount(linkedAccountId: string): Client<Apps>;
  /** The executor the app methods call (for actions not in the generated catalog). */
  execute: Execute;
  /** Closes the shared connection pool (all `forAccount` clients of this root too). */
  close(): Promise<void>;
};

/** Factories of every app, keyed by app property name. */
export type AppFactories<Apps> = { [K in keyof Apps]: AppFactory<Apps[K]> };

const RESERVED = new Set(["forAccount", "execute", "close"]);

/** Opt-in param validation of a client (every call) or of one call (`CallOptions.validate`). */
export interface ValidationOptions {
  /** Check params against the action's fields before sending. Default `false`. */
  validate?: boolean | undefined;
}

const METADATA = Symbol.for("refold.runtime.metadata");

/** The metadata index a client was created with (used by `createToolkit`). @internal */
export function metadataOf(client: object): MetadataIndex | undefined {
  return (client as { [METADATA]?: MetadataIndex })[METADATA];
}

/** Validates before running; the sync path when the app's metadata is already loaded. */
function validating(index: MetadataIndex | undefined, run: Execute): Execute {
  return (slug, actionId, params, options) => {
    if (index === undefined)
      return Promise.reject(
        new RefoldConfigurationError(
          "validate: true needs the catalog metadata: create the client with the generated createRefoldClient, or pass the metadata loaders to createClient.",
          { slug, actionId },
        ),
      );
    const check = (action: ReturnType<MetadataIndex["loadedAction"]>): Promise<unknown> => {
      if (action === undefined)
        throw new RefoldConfigurationError(
          `validate: true, but ${slug}/${actionId} is not in the generated catalog; pass { validate: false } for this call.`,
          { slug, actionId },
        );
      paramsValidator(action).check(params, { slug });
      return run(slug, actionId, params, options);
    };
    const loaded = index.loadedAction(slug, actionId);
    if (loaded !== undefined) {
      try {
        return check(loaded);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return index.action(slug, actionId).then(check);
  };
}

function buildPrototype(factories: Record<string, AppFactory<unknown>>): object {
  const proto: Record<string, unknown> = {};
  for (const key of Object.keys(factories)) {
    if (RESERVED.has(key)) continue;
    const factory = factories[key]!;
    Object.defineProperty(proto, key, {
      enumerable: true,
      configurable: true,
      get(this: { execute: Execute }) {
        const app = factory(this.execute);
        Object.defineProperty(this, key, { value: app, enumerable: true, configurable: true });
        return app;
      },
    });
  }
  return proto;
}

/** Wraps an existing executor in a client (used by `createClient` and the mock). */
export function clientFromExecutor<Apps>(
  executor: Executor,
  apps: AppFactories<Apps>,
  linkedAccountId: string | undefined,
  validation: ValidationOptions = {},
  metadata?: MetadataLoaders,
): Client<Apps> {
  const proto = buildPrototype(apps as Record<string, AppFactory<unknown>>);
  const index = metadata && createMetadataIndex(metadata);
  const always = validation.validate === true;
  const make = (account: string | undefined): Client<Apps> => {
    const client = Object.create(proto) as Record<string, unknown>;
    const run: Execute = (slug, actionId, params, options) =>
      executor.run(slug, actionId, params, options, account);
    const checked = validating(index, run);
    const execute: Execute = (slug, actionId, params, options) =>
      (options?.validate ?? always)
        ? checked(slug, actionId, params, options)
        : run(slug, actionId, params, options);
    Object.defineProperty(client, "execute", { value: execute, enumerable: false });
    Object.defineProperty(client, METADATA, { value: index, enumerable: false });
    Object.defineProperty(client, "forAccount", {
      value: (id: string): Client<Apps> => {
        if (typeof id !== "string" || id === "") {
          throw new TypeError("forAccount(linkedAccountId) needs a non-empty string");
        }
        return make(id);
      },
      enumerable: false,
    });
    Object.defineProperty(client, "close", {
      value: () => executor.close(),
      enumerable: false,
    });
    return client as Client<Apps>;
  };
  return make(linkedAccountId);
}

/**
 * Creates a client. Settings the options omit come from the environment (`REFOLD_API_KEY` or
 * `REFOLD_SESSION_TOKEN`, `REFOLD_BASE_URL`, `REFOLD_LINKED_ACCOUNT_ID`), then the defaults.
 * @example
 * const refold = createClient({ apiKey: process.env.REFOLD_API_KEY! }, appFactories);
 * await refold.forAccount("user_1").hubspot.createContact({ email: "jane@example.com" });
 */
export function createClient<Apps>(
  options: ClientOptions & ValidationOptions,
  apps: AppFactories<Apps>,
  metadata?: MetadataLoaders,
): Client<Apps> {
  const { validate, ...executorOptions } = options;
  const resolved = withEnvironment(executorOptions);
  return clientFromExecutor(
    createExecutor(resolved),
    apps,
    resolved.linkedAccountId,
    { validate },
    metadata,
  );
}
