/**
 * The executor: the one function every generated method calls. Runs the attempt loop (rate limit,
 * auth headers, send, interpret, retry policy, deadline, abort, hooks) on a shared configuration.
 */
import type { HeaderEntry } from "./auth.js";
import { currentSecrets, positive, resolveConfig, type ResolvedConfig } from "./config.js";
import {
  RefoldAbortError,
  RefoldConfigurationError,
  RefoldTimeoutError,
  RefoldValidationError,
  type RefoldError,
} from "./errors.js";
import { MAX_TIMER_MS, type ClientOptions, type RequestEvent } from "./options.js";
import { scrubText } from "./redact.js";
import { interpretResponse, type CallContext } from "./response.js";
import {
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type AttemptFailure,
} from "./retryPolicy.js";
import { sendAttempt, type RawResponse, type TransportFailure } from "./transport.js";
import { failureOf, transportError, type AttemptScope } from "./transportErrors.js";
import type { ActionKind, ExecuteOptions } from "./types.js";

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

/** Everything about one call; also the error context (secrets resolved lazily). */
class Call implements CallContext, AttemptScope {
  readonly call: CallContext = this;
  readonly deadline: number;
  readonly kind: ActionKind;
  readonly idempotent: boolean;
  readonly maxRetries: number;
  readonly limitBytes: number;
  attempts = 0;
  policyAttempts = 0;
  mayHaveSucceeded = false;
  started = 0;
  private readonly config: ResolvedConfig;
  readonly slug: string;
  readonly actionId: string;
  readonly linkedAccountId: string | undefined;
  readonly timeoutMs: number;
  readonly options: ExecuteOptions;

  constructor(
    config: ResolvedConfig,
    slug: string,
    actionId: string,
    linkedAccountId: string | undefined,
    timeoutMs: number,
    options: ExecuteOptions,
  ) {
    this.config = config;
    this.slug = slug;
    this.actionId = actionId;
    this.linkedAccountId = linkedAccountId;
    this.timeoutMs = timeoutMs;
    this.options = options;
    this.deadline = config.now() + timeoutMs;
    this.kind = options.kind ?? "write";
    this.idempotent = options.idempotent === true;
    this.maxRetries =
      options.retries === undefined ? config.retries : Math.max(0, Math.floor(options.retries));
    this.limitBytes = config.maxResponseBytes;
  }

  get secrets(): readonly string[] {
    return currentSecrets(this.config);
  }

  errorInit() {
    return {
      slug: this.slug,
      actionId: this.actionId,
      linkedAccountId: this.linkedAccountId,
      attempts: this.attempts,
      secrets: this.secrets,
    };
  }
}

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
    const timeoutMs = Math.min(positive(o.timeoutMs, config.timeoutMs, "timeoutMs"), MAX_TIMER_MS);
    const call = new Call(config, slug, actionId, account, timeoutMs, o);
    if (account === undefined && config.auth.needsAccount) {
      throw new RefoldConfigurationError(
        `No linked account for ${slug}/${actionId}: pass { linkedAccountId } in the call options, use client.forAccount(id), or set linkedAccountId on the client.`,
        call.errorInit(),
      );
    }
    const body = serialize(call, params);
    const path = `${config.basePath}${EXECUTE_PREFIX}${pathSegment(call, "slug", slug)}/actions/${pathSegment(call, "action id", actionId)}/execute`;
    const limitKey = account ?? "";
    const hooks = config.hooks;
    let refreshed = false;
    for (;;) {
      const limiter = config.limiter;
      if (limiter !== undefined) {
        const wait = limiter.reserve(limitKey);
        if (wait > 0) {
          await this.waitFor(call, wait, "the client-side rate limit", () =>
            limiter.cancel(limitKey),
          );
        }
      }
      const auth = config.auth.get(account);
      const entry = auth instanceof Promise ? await auth : auth;
      const remaining = call.deadline - config.now();
      if (remaining <= 0) throw timeoutError(call, "before the request was sent");
      call.attempts++;
      call.policyAttempts++;
      if (hooks !== undefined) {
        call.started = config.now();
        if (hooks.onRequest !== undefined) safeHook(hooks.onRequest, this.event(call, entry, path));
      }
      let res: RawResponse;
      try {
        res = await sendAttempt({
          dispatcher: config.dispatcher,
          origin: config.origin,
          path,
          method: "POST",
          headers: entry.headers as Record<string, string>,
          body,
          timeoutMs: remaining,
          maxResponseBytes: config.maxResponseBytes,
          signal: o.signal,
        });
      } catch (caught) {
        const failure = caught as TransportFailure;
        await this.afterFailure(call, transportError(call, failure), failureOf(failure), {
          entry,
          path,
          retryAfterMs: undefined,
        });
        continue;
      }
      if (res.status === 401 && config.tokens !== undefined && !refreshed) {
        // A minted token may have been revoked or expired early: mint once more, then give up.
        refreshed = true;
        call.policyAttempts--;
        config.auth.invalidate(account, entry);
        continue;
      }
      const retryAfterMs =
        res.status === 429 || res.status === 503
          ? parseRetryAfterMs(res.retryAfter, config.now())
          : undefined;
      const outcome = interpretResponse(call, res, o.envelope === true, retryAfterMs);
      if (hooks?.onResponse !== undefined) {
        safeHook(hooks.onResponse, {
          ...this.event(call, entry, path),
          status: res.status,
          requestId:
            res.requestId === undefined ? undefined : scrubText(res.requestId, call.secrets),
          durationMs: config.now() - call.started,
        });
      }
      if (outcome.ok) return outcome.value;
      const failure: AttemptFailure =
        res.status >= 300 ? { type: "status", status: res.status } : { type: "fatal" };
      await this.afterFailure(call, outcome.error, failure, { entry, path, retryAfterMs });
    }
  }

  /** Reports a failed attempt, then throws the final error or waits for the next attempt. */
  private async afterFailure(
    call: Call,
    error: RefoldError,
    failure: AttemptFailure,
    info: { entry: HeaderEntry; path: string; retryAfterMs: number | undefined },
  ): Promise<void> {
    const config = this.config;
    call.mayHaveSucceeded ||= error.mayHaveSucceeded;
    error.withAttempts(call.attempts, call.mayHaveSucceeded);
    const retry = shouldRetry({
      kind: call.kind,
      idempotent: call.idempotent,
      attempt: call.policyAttempts,
      maxRetries: call.maxRetries,
      failure,
    });
    const delay = retry
      ? retryDelayMs(
          call.policyAttempts,
          info.retryAfterMs,
          config.random,
          config.maxRetryAfterMs,
          config.backoff,
        )
      : 0;
    const willRetry = retry && config.now() + delay < call.deadline;
    if (config.hooks?.onError !== undefined) {
      safeHook(config.hooks.onError, {
        ...this.event(call, info.entry, info.path),
        error,
        willRetry,
        durationMs: config.now() - call.started,
      });
    }
    if (!willRetry) throw error;
    if (delay > 0) await this.waitFor(call, delay, "the retry backoff", undefined);
  }

  /** Sleeps `ms` unless that would pass the deadline, or the caller aborts. */
  private async waitFor(
    call: Call,
    ms: number,
    what: string,
    onGiveUp: (() => void) | undefined,
  ): Promise<void> {
    const signal = call.options.signal;
    if (this.config.now() + ms >= call.deadline) {
      onGiveUp?.();
      throw timeoutError(call, `waiting ${Math.ceil(ms)} ms for ${what} would pass it`);
    }
    try {
      await this.config.sleep(ms, signal);
    } catch {
      // Only an abort rejects the default sleep; handled below.
    }
    if (signal?.aborted === true) {
      onGiveUp?.();
      throw new RefoldAbortError(
        `Refold call ${call.slug}/${call.actionId} was aborted while waiting for ${what}`,
        { ...call.errorInit(), mayHaveSucceeded: call.mayHaveSucceeded },
      );
    }
  }

  private event(call: Call, entry: HeaderEntry, path: string): RequestEvent {
    return {
      slug: call.slug,
      actionId: call.actionId,
      linkedAccountId: call.linkedAccountId,
      attempt: call.attempts,
      method: "POST",
      url: `${this.config.origin}${path}`,
      headers: entry.redacted,
    };
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

function timeoutError(call: Call, detail: string): RefoldTimeoutError {
  return new RefoldTimeoutError(
    `Refold call ${call.slug}/${call.actionId} exceeded its ${call.timeoutMs} ms deadline: ${detail}`,
    { ...call.errorInit(), mayHaveSucceeded: call.mayHaveSucceeded, timeoutMs: call.timeoutMs },
  );
}

function safeHook<E>(hook: (event: E) => void, event: E): void {
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Hooks only observe; their failures never break a call.
  }
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
