/**
 * The executor: the one function every generated method calls. Owns the connection pool, the
 * per-account rate limiter, the session-token cache and the attempt loop (retry policy, deadline,
 * abort, hooks).
 */
import { Pool, type Dispatcher } from "undici";
import { AuthHeaders, mintHeaders, type HeaderEntry } from "./auth.js";
import {
  RefoldAbortError,
  RefoldConfigurationError,
  RefoldError,
  RefoldInvalidResponseError,
  RefoldTimeoutError,
  RefoldValidationError,
} from "./errors.js";
import {
  DEFAULT_BASE_URL,
  DEFAULTS,
  MAX_TIMER_MS,
  defaultSleep,
  type ClientOptions,
  type RefoldHooks,
} from "./options.js";
import { RateLimiter } from "./rateLimiter.js";
import { interpretResponse, type CallContext } from "./response.js";
import { DEFAULT_BACKOFF, parseRetryAfterMs, retryDelayMs, shouldRetry } from "./retryPolicy.js";
import type { AttemptFailure, BackoffOptions } from "./retryPolicy.js";
import { SessionTokenCache, readMintedToken, type MintedToken } from "./sessionTokens.js";
import { sendAttempt, type RawResponse, type TransportFailure } from "./transport.js";
import { transportError, type AttemptScope } from "./transportErrors.js";
import type { ExecuteOptions } from "./types.js";

/** An executor bound to one pool; `createClient` wraps it. */
export interface Executor {
  /** Executes an action; the default linked account is the client's. */
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
  /** Closes the owned pool (a user-supplied dispatcher is left open). */
  close(): Promise<void>;
}

const EXECUTE_PREFIX = "/api/v2/integration-schema/";
const MINT_PATH = "/api/v2/public/session-token";
const NO_OPTIONS: ExecuteOptions = {};

class Call implements CallContext {
  constructor(
    private readonly owner: RefoldExecutor,
    readonly slug: string,
    readonly actionId: string,
    readonly linkedAccountId: string | undefined,
  ) {}
  get secrets(): readonly string[] {
    return this.owner.secrets();
  }
}

class RefoldExecutor implements Executor {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly auth: AuthHeaders;
  private readonly tokens: SessionTokenCache | undefined;
  private readonly limiter: RateLimiter | undefined;
  private readonly hooks: RefoldHooks | undefined;
  private readonly staticSecrets: string[];
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxResponseBytes: number;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  readonly defaultAccount: string | undefined;
  private closed = false;

  constructor(options: ClientOptions) {
    const { apiKey, sessionToken } = options;
    if (!apiKey && !sessionToken) {
      throw new RefoldConfigurationError(
        "Refold client needs credentials: pass { apiKey } (x-api-key) or { sessionToken } (Bearer).",
      );
    }
    if (options.sessionTokens === true && !apiKey) {
      throw new RefoldConfigurationError(
        "{ sessionTokens: true } mints tokens with an API key: pass { apiKey } too.",
      );
    }
    let url: URL;
    try {
      url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    } catch {
      throw new RefoldConfigurationError(
        `Invalid Refold baseUrl ${JSON.stringify(options.baseUrl)}.`,
      );
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, "");
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
    this.timeoutMs = positive(options.timeoutMs, DEFAULTS.timeoutMs, "timeoutMs");
    this.retries = Math.max(0, Math.floor(options.retries ?? DEFAULTS.retries));
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs;
    this.maxResponseBytes = positive(
      options.maxResponseBytes,
      DEFAULTS.maxResponseBytes,
      "maxResponseBytes",
    );
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.hooks = options.hooks;
    this.defaultAccount = options.linkedAccountId;
    this.staticSecrets = [apiKey, sessionToken].filter(
      (s): s is string => typeof s === "string" && s !== "",
    );
    if (options.rateLimit !== false)
      this.limiter = new RateLimiter(options.rateLimit ?? {}, this.now);
    if (sessionToken) {
      this.auth = new AuthHeaders("sessionToken", undefined, sessionToken, undefined);
    } else if (options.sessionTokens === true) {
      this.tokens = new SessionTokenCache((account) => this.mint(account), this.now);
      this.auth = new AuthHeaders("mintedTokens", apiKey, undefined, this.tokens);
    } else {
      this.auth = new AuthHeaders("apiKey", apiKey, undefined, undefined);
    }
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Pool(this.origin, {
        connections: options.connections ?? DEFAULTS.connections,
        connectTimeout: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
      });
  }

  secrets(): readonly string[] {
    return this.tokens === undefined
      ? this.staticSecrets
      : [...this.staticSecrets, ...this.tokens.secrets()];
  }

  execute(
    slug: string,
    actionId: string,
    params: object | undefined,
    options?: ExecuteOptions,
  ): Promise<any> {
    return this.run(slug, actionId, params, options, this.defaultAccount);
  }

  async run(
    slug: string,
    actionId: string,
    params: object | undefined,
    options: ExecuteOptions | undefined,
    defaultAccount: string | undefined,
  ): Promise<any> {
    const o = options ?? NO_OPTIONS;
    const account = o.linkedAccountId ?? defaultAccount;
    const call = new Call(this, slug, actionId, account);
    const timeoutMs = Math.min(positive(o.timeoutMs, this.timeoutMs, "timeoutMs"), MAX_TIMER_MS);
    const deadline = this.now() + timeoutMs;
    if (account === undefined && this.auth.needsAccount) {
      throw new RefoldConfigurationError(
        `No linked account for ${slug}/${actionId}: pass { linkedAccountId } in the call options, use client.forAccount(id), or set linkedAccountId on the client.`,
        { slug, actionId },
      );
    }
    const body = serialize(call, params);
    const path = `${this.basePath}${EXECUTE_PREFIX}${encodeURIComponent(slug)}/actions/${encodeURIComponent(actionId)}/execute`;
    const scope: AttemptScope = { call, timeoutMs, limitBytes: this.maxResponseBytes };
    const signal = o.signal;
    const kind = o.kind ?? "write";
    const idempotent = o.idempotent === true;
    const maxRetries = o.retries === undefined ? this.retries : Math.max(0, Math.floor(o.retries));
    const limitKey = account ?? "";
    let attempts = 0;
    let policyAttempts = 0;
    let refreshed = false;
    let mayHaveSucceeded = false;
    for (;;) {
      if (this.limiter !== undefined) {
        const wait = this.limiter.reserve(limitKey);
        if (wait > 0)
          await this.waitFor(
            wait,
            deadline,
            signal,
            scope,
            attempts,
            () => this.limiter!.cancel(limitKey),
            "the client-side rate limit",
          );
      }
      const auth = this.auth.get(account);
      const entry = auth instanceof Promise ? await auth : auth;
      const remaining = deadline - this.now();
      if (remaining <= 0)
        throw timeoutError(scope, attempts, mayHaveSucceeded, "before the request was sent");
      attempts++;
      policyAttempts++;
      const started = this.hooks === undefined ? 0 : this.now();
      if (this.hooks?.onRequest !== undefined)
        safeHook(this.hooks.onRequest, this.event(call, attempts, entry));
      let res: RawResponse;
      let failure: AttemptFailure;
      let error: RefoldError;
      let retryAfterMs: number | undefined;
      try {
        res = await sendAttempt({
          dispatcher: this.dispatcher,
          origin: this.origin,
          path,
          method: "POST",
          headers: entry.headers as Record<string, string>,
          body,
          timeoutMs: remaining,
          maxResponseBytes: this.maxResponseBytes,
          signal,
        });
      } catch (caught) {
        const f = caught as TransportFailure;
        error = transportError(scope, f);
        failure =
          f.kind === "network"
            ? { type: "network", reachedServer: f.reachedServer }
            : f.kind === "timeout"
              ? { type: "timeout" }
              : f.kind === "aborted"
                ? { type: "aborted" }
                : { type: "fatal" };
        mayHaveSucceeded ||= error.mayHaveSucceeded;
        await this.afterFailure(error, failure, {
          kind,
          idempotent,
          maxRetries,
          policyAttempts,
          attempts,
          deadline,
          signal,
          scope,
          mayHaveSucceeded,
          retryAfterMs: undefined,
          entry,
          started,
        });
        continue;
      }
      if (res.status === 401 && this.tokens !== undefined && !refreshed) {
        refreshed = true;
        policyAttempts--;
        this.auth.invalidate(account, entry);
        continue;
      }
      if (res.status === 429 || res.status === 503)
        retryAfterMs = parseRetryAfterMs(res.retryAfter, this.now());
      const outcome = interpretResponse(call, res, o.envelope === true, retryAfterMs);
      if (this.hooks?.onResponse !== undefined) {
        safeHook(this.hooks.onResponse, {
          ...this.event(call, attempts, entry),
          status: res.status,
          requestId: res.requestId,
          durationMs: this.now() - started,
        });
      }
      if (outcome.ok) return outcome.value;
      error = outcome.error;
      failure = res.status >= 300 ? { type: "status", status: res.status } : { type: "fatal" };
      mayHaveSucceeded ||= error.mayHaveSucceeded;
      await this.afterFailure(error, failure, {
        kind,
        idempotent,
        maxRetries,
        policyAttempts,
        attempts,
        deadline,
        signal,
        scope,
        mayHaveSucceeded,
        retryAfterMs,
        entry,
        started,
      });
    }
  }

  /** Reports a failed attempt; throws the final error, or waits for the next attempt. */
  private async afterFailure(
    error: RefoldError,
    failure: AttemptFailure,
    s: FailureState,
  ): Promise<void> {
    const retry = shouldRetry({
      kind: s.kind,
      idempotent: s.idempotent,
      attempt: s.policyAttempts,
      maxRetries: s.maxRetries,
      failure,
    });
    const delay = retry
      ? retryDelayMs(
          s.policyAttempts,
          s.retryAfterMs,
          this.random,
          this.maxRetryAfterMs,
          this.backoff,
        )
      : 0;
    const fits = retry && this.now() + delay < s.deadline;
    error.withAttempts(s.attempts, s.mayHaveSucceeded);
    if (this.hooks?.onError !== undefined) {
      safeHook(this.hooks.onError, {
        ...this.event(s.scope.call, s.attempts, s.entry),
        error,
        willRetry: fits,
        durationMs: this.now() - s.started,
      });
    }
    if (!fits) throw error;
    if (delay > 0)
      await this.waitFor(
        delay,
        s.deadline,
        s.signal,
        s.scope,
        s.attempts,
        undefined,
        "the retry backoff",
      );
  }

  /** Sleeps `ms` unless that passes the deadline or the caller aborts. */
  private async waitFor(
    ms: number,
    deadline: number,
    signal: AbortSignal | undefined,
    scope: AttemptScope,
    attempts: number,
    onGiveUp: (() => void) | undefined,
    what: string,
  ): Promise<void> {
    if (this.now() + ms >= deadline) {
      onGiveUp?.();
      throw timeoutError(
        scope,
        attempts,
        false,
        `waiting ${Math.ceil(ms)} ms for ${what} would pass the deadline`,
      );
    }
    try {
      await this.sleep(ms, signal);
    } catch {
      // Only an abort rejects the default sleep; fall through to the check below.
    }
    if (signal?.aborted) {
      onGiveUp?.();
      throw new RefoldAbortError(
        `Refold call ${scope.call.slug}/${scope.call.actionId} was aborted while waiting for ${what}`,
        {
          slug: scope.call.slug,
          actionId: scope.call.actionId,
          linkedAccountId: scope.call.linkedAccountId,
          attempts,
          secrets: scope.call.secrets,
        },
      );
    }
  }

  private event(call: CallContext, attempt: number, entry: HeaderEntry) {
    return {
      slug: call.slug,
      actionId: call.actionId,
      linkedAccountId: call.linkedAccountId,
      attempt,
      method: "POST" as const,
      url: `${this.origin}${this.basePath}${EXECUTE_PREFIX}${encodeURIComponent(call.slug)}/actions/${encodeURIComponent(call.actionId)}/execute`,
      headers: entry.redacted,
    };
  }

  /** Mints a session token for `account` (session-token mode). */
  private async mint(account: string): Promise<MintedToken> {
    const call = new Call(this, "session-token", "mint", account);
    const scope: AttemptScope = {
      call,
      timeoutMs: this.timeoutMs,
      limitBytes: this.maxResponseBytes,
    };
    const deadline = this.now() + this.timeoutMs;
    const headers = mintHeaders(this.staticSecrets[0] ?? "");
    const body = JSON.stringify({ linked_account_id: account });
    for (let attempt = 1; ; attempt++) {
      let failure: AttemptFailure;
      let error: RefoldError;
      let retryAfterMs: number | undefined;
      try {
        const res = await sendAttempt({
          dispatcher: this.dispatcher,
          origin: this.origin,
          path: `${this.basePath}${MINT_PATH}`,
          method: "POST",
          headers,
          body,
          timeoutMs: Math.max(1, deadline - this.now()),
          maxResponseBytes: this.maxResponseBytes,
          signal: undefined,
        });
        if (res.status >= 200 && res.status < 300) {
          const minted = readMintedToken(safeParse(res.body));
          if (minted !== undefined) return minted;
          throw new RefoldInvalidResponseError(
            `Refold's session-token endpoint answered HTTP ${res.status} without a token`,
            {
              status: res.status,
              linkedAccountId: account,
              attempts: attempt,
              requestId: res.requestId,
              contentType: res.contentType,
              secrets: this.secrets(),
            },
          );
        }
        if (res.status === 429 || res.status === 503)
          retryAfterMs = parseRetryAfterMs(res.retryAfter, this.now());
        const outcome = interpretResponse(call, res, false, retryAfterMs);
        if (outcome.ok) throw new Error("unreachable");
        error = outcome.error;
        failure = { type: "status", status: res.status };
      } catch (caught) {
        if (caught instanceof RefoldError) throw caught;
        const f = caught as TransportFailure;
        error = transportError(scope, f);
        failure =
          f.kind === "network"
            ? { type: "network", reachedServer: f.reachedServer }
            : { type: "fatal" };
      }
      // Minting has no side effect worth protecting: retry it like a read.
      const retry = shouldRetry({
        kind: "read",
        idempotent: true,
        attempt,
        maxRetries: this.retries,
        failure,
      });
      const delay = retry
        ? retryDelayMs(attempt, retryAfterMs, this.random, this.maxRetryAfterMs, this.backoff)
        : 0;
      if (!retry || this.now() + delay >= deadline) throw error.withAttempts(attempt);
      if (delay > 0) await this.sleep(delay);
    }
  }

  async close(): Promise<void> {
    this.tokens?.clear();
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

interface FailureState {
  kind: "read" | "write";
  idempotent: boolean;
  maxRetries: number;
  policyAttempts: number;
  attempts: number;
  deadline: number;
  signal: AbortSignal | undefined;
  scope: AttemptScope;
  mayHaveSucceeded: boolean;
  retryAfterMs: number | undefined;
  entry: HeaderEntry;
  started: number;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new RefoldConfigurationError(
      `${name} must be a positive number of milliseconds or bytes, got ${String(value)}`,
    );
  }
  return value;
}

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
      {
        slug: call.slug,
        actionId: call.actionId,
        linkedAccountId: call.linkedAccountId,
        cause,
        secrets: call.secrets,
      },
    );
  }
  return json;
}

function safeParse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

function timeoutError(
  scope: AttemptScope,
  attempts: number,
  mayHaveSucceeded: boolean,
  detail: string,
): RefoldTimeoutError {
  const { call } = scope;
  return new RefoldTimeoutError(
    `Refold call ${call.slug}/${call.actionId} exceeded its ${scope.timeoutMs} ms deadline: ${detail}`,
    {
      slug: call.slug,
      actionId: call.actionId,
      linkedAccountId: call.linkedAccountId,
      attempts,
      mayHaveSucceeded,
      timeoutMs: scope.timeoutMs,
      secrets: call.secrets,
    },
  );
}

function safeHook<E>(hook: (event: E) => void, event: E): void {
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Hooks are for observation only; their failures never break a call.
  }
}

/** Creates an executor (the client wraps one; `forAccount` clients share it). */
export function createExecutor(options: ClientOptions): Executor {
  return new RefoldExecutor(options);
}
