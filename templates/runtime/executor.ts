/**
 * The executor: the one function every generated method calls. Validates the call, builds its
 * request, and hands it to the one attempt loop (`attempts.ts`); session tokens are minted on the
 * way (`mint.ts`), inside the same call.
 */
import { runAttempts } from "./attempts.js";
import type { HeaderEntry } from "./auth.js";
import { Call } from "./call.js";
import { resolveConfig, type ResolvedConfig } from "./config.js";
import { RefoldConfigurationError, RefoldValidationError } from "./errors.js";
import { sessionTokenFor } from "./mint.js";
import type { ClientOptions } from "./options.js";
import { interpretResponse } from "./response.js";
import type { ExecuteOptions } from "./types.js";
import { validateCallOptions } from "./validateOptions.js";

/** An executor bound to one pool; clients (and their `forAccount` children) wrap one. */
export interface Executor {
  /** Executes an action with the client's default linked account. */
  execute(
    slug: string,
    actionId: string,
    params: object | undefined,
    options?: ExecuteOptions,
  ): Promise<any>;
  /** Same as `execute` with another default linked account (shares pool, limiter and tokens). */
  run(
    slug: string,
    actionId: string,
    params: object | undefined,
    options: ExecuteOptions | undefined,
    defaultAccount: string | undefined,
  ): Promise<any>;
  /** Closes the owned pool (a user-supplied dispatcher is left open). Idempotent. */
  close(): Promise<void>;
}

const EXECUTE_PREFIX = "/api/v2/integration-schema/";
const NO_OPTIONS: ExecuteOptions = {};

class RefoldExecutor implements Executor {
  private closed = false;
  private readonly config: ResolvedConfig;

  constructor(config: ResolvedConfig) {
    this.config = config;
  }

  execute(
    slug: string,
    actionId: string,
    params: object | undefined,
    options?: ExecuteOptions,
  ): Promise<any> {
    return this.run(slug, actionId, params, options, this.config.linkedAccountId);
  }

  async run(
    slug: string,
    actionId: string,
    params: object | undefined,
    options: ExecuteOptions | undefined,
    defaultAccount: string | undefined,
  ): Promise<any> {
    const config = this.config;
    const o = options ?? NO_OPTIONS;
    const account = o.linkedAccountId ?? defaultAccount;
    if (o.timeoutMs !== undefined || o.retries !== undefined) {
      validateCallOptions(o, {
        slug,
        actionId,
        linkedAccountId: account,
        secrets: config.staticSecrets,
      });
    }
    const call = new Call(
      config,
      slug,
      actionId,
      account,
      o,
      o.timeoutMs ?? config.timeoutMs,
      o.retries ?? config.retries,
    );
    if (account === undefined && config.auth.needsAccount) {
      throw new RefoldConfigurationError(
        `No linked account for ${slug}/${actionId}: pass { linkedAccountId } in the call options, use client.forAccount(id), or set linkedAccountId on the client.`,
        call.errorInit(),
      );
    }
    const body = serialize(call, params);
    const path = `${config.basePath}${EXECUTE_PREFIX}${pathSegment(call, "slug", slug)}/actions/${pathSegment(call, "action id", actionId)}/execute`;
    let refreshed = false;
    return runAttempts(config, call, {
      purpose: "execute",
      path,
      body,
      safeToRepeat: !call.isUnsafeWrite,
      ctx: call,
      headers: () => this.headers(call, account),
      interpret: (res, retryAfterMs) =>
        interpretResponse(call, res, o.envelope === true, retryAfterMs),
      refreshAfter401: (entry) => {
        if (config.tokens === undefined || refreshed) return false;
        refreshed = true;
        config.auth.invalidate(account, entry);
        return true;
      },
    });
  }

  /** Headers for the call's account: cached on the hot path, or after minting a token. */
  private headers(call: Call, account: string | undefined): HeaderEntry | Promise<HeaderEntry> {
    const auth = this.config.auth;
    const entry = auth.get(account);
    if (entry !== undefined) {
      if (entry.token !== undefined) call.addSecret(entry.token);
      return entry;
    }
    return sessionTokenFor(this.config, call, account).then((token) =>
      auth.withToken(account, token),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.config.tokens?.clear();
    if (this.config.ownsDispatcher) await this.config.dispatcher.close();
  }
}

/** JSON body of the params, keys exactly as given; `undefined` / `null` params send `{}`. */
function serialize(call: Call, params: object | undefined): string {
  if (params === undefined || params === null) return "{}";
  let json: string | undefined;
  let cause: unknown;
  try {
    json = JSON.stringify(params);
  } catch (error) {
    cause = error;
  }
  if (typeof json !== "string" || json[0] !== "{") {
    throw new RefoldValidationError(
      `Params of ${call.slug}/${call.actionId} must be a JSON-serializable object`,
      { ...call.errorInit(), cause },
    );
  }
  return json;
}

/** Creates an executor (a client wraps one; `forAccount` clients share it). */
export function createExecutor(options: ClientOptions): Executor {
  return new RefoldExecutor(resolveConfig(options));
}

/**
 * One URL path segment, encoded exactly once. `.` and `..` are refused: a URL parser or proxy
 * would resolve them (even as `%2E`) into another path; so is text `encodeURIComponent` cannot
 * encode (a lone surrogate).
 */
function pathSegment(call: Call, what: string, value: string): string {
  if (typeof value !== "string" || value === "" || value === "." || value === "..") {
    throw new RefoldConfigurationError(
      `Invalid ${what} ${JSON.stringify(value)}: not a usable path segment.`,
      call.errorInit(),
    );
  }
  try {
    return encodeURIComponent(value);
  } catch {
    throw new RefoldConfigurationError(
      `Invalid ${what}: it contains a lone surrogate and cannot be sent.`,
      call.errorInit(),
    );
  }
}
