/**
 * The one attempt loop, for execute and session-token mint alike: client-side rate limit,
 * headers, per-account slot, remaining budget, send, interpret, hooks, retry policy, backoff,
 * all inside the call's deadline and signal.
 */
import type { HeaderEntry } from "./auth.js";
import type { Call } from "./call.js";
import type { ResolvedConfig } from "./config.js";
import { acquireSlot, timeoutError, waitFor } from "./callWaits.js";
import type { RefoldError } from "./errors.js";
import type { RequestEvent } from "./options.js";
import { scrubText } from "./redact.js";
import type { CallContext } from "./responseBody.js";
import type { ResponseOutcome } from "./response.js";
import { decideRetry } from "./retryDecision.js";
import { parseRetryAfterMs, type AttemptFailure } from "./retryPolicy.js";
import { sendAttempt, type RawResponse, type TransportFailure } from "./transport.js";
import { failureOf, transportError } from "./transportErrors.js";

/** One kind of request the loop can make for a call. */
export interface AttemptSpec {
  purpose: RequestEvent["purpose"];
  path: string;
  body: string;
  /** May be repeated after it may have reached Refold (reads, idempotent writes, mints). */
  safeToRepeat: boolean;
  /** Names this request in its own errors (the action, or the session-token endpoint). */
  ctx: CallContext;
  /** Headers of the next attempt; may mint a session token first. */
  headers(): HeaderEntry | Promise<HeaderEntry>;
  interpret(res: RawResponse, retryAfterMs: number | undefined): ResponseOutcome;
  /** After a 401 sent with `entry`: true when a fresh token will be used and one more try is free. */
  refreshAfter401?(entry: HeaderEntry): boolean;
}

/** Runs `spec` until it succeeds or the policy, the deadline or the signal ends the call. */
export async function runAttempts(
  config: ResolvedConfig,
  call: Call,
  spec: AttemptSpec,
): Promise<unknown> {
  const key = call.linkedAccountId ?? "";
  const execute = spec.purpose === "execute";
  let attempts = 0;
  let policyAttempts = 0;
  for (;;) {
    const limiter = config.limiter;
    if (limiter !== undefined) {
      const wait = limiter.reserve(key);
      if (wait > 0) {
        await waitFor(config, call, spec, wait, "the client-side rate limit", () =>
          limiter.cancel(key),
        );
      }
    }
    const got = spec.headers();
    const entry = got instanceof Promise ? await got : got;
    if (!config.gate.tryAcquire(key)) await acquireSlot(config, call, spec, key);
    let res: RawResponse | undefined;
    let error: RefoldError;
    let failure: AttemptFailure;
    let started = 0;
    try {
      const remaining = call.remaining();
      if (remaining <= 0) throw timeoutError(call, spec, "before the request was sent");
      if (!spec.safeToRepeat && remaining < minWriteBudget(config, call)) {
        throw timeoutError(
          call,
          spec,
          `only ${Math.ceil(remaining)} ms were left, below minWriteBudgetMs (${minWriteBudget(config, call)} ms); the write was not sent`,
        );
      }
      const attemptMs = spec.safeToRepeat
        ? Math.min(remaining, config.attemptTimeoutMs)
        : remaining;
      attempts++;
      policyAttempts++;
      if (execute) call.attempts++;
      const hooks = config.hooks;
      if (hooks !== undefined) {
        started = config.now();
        if (hooks.onRequest !== undefined)
          safeHook(hooks.onRequest, event(config, call, spec, entry, attempts));
      }
      try {
        res = await sendAttempt({
          dispatcher: config.dispatcher,
          origin: config.origin,
          path: spec.path,
          method: "POST",
          headers: entry.headers as Record<string, string>,
          body: spec.body,
          timeoutMs: attemptMs,
          maxResponseBytes: config.maxResponseBytes,
          signal: call.signal,
        });
      } catch (caught) {
        const transport = caught as TransportFailure;
        const perAttempt = attemptMs < remaining;
        error = transportError(
          { call: spec.ctx, timeoutMs: call.timeoutMs, limitBytes: config.maxResponseBytes },
          transport,
          perAttempt ? attemptMs : undefined,
        );
        failure = failureOf(transport, perAttempt);
      }
    } finally {
      config.gate.release(key);
    }
    let retryAfterMs: number | undefined;
    if (res !== undefined) {
      if (res.status === 429 || res.status === 503) {
        retryAfterMs = parseRetryAfterMs(res.retryAfter, Date.now());
      }
      const outcome = spec.interpret(res, retryAfterMs);
      const hooks = config.hooks;
      if (hooks?.onResponse !== undefined) {
        safeHook(hooks.onResponse, {
          ...event(config, call, spec, entry, attempts),
          status: res.status,
          requestId:
            res.requestId === undefined ? undefined : scrubText(res.requestId, call.secrets),
          durationMs: config.now() - started,
        });
      }
      if (outcome.ok) return outcome.value;
      error = outcome.error;
      if (res.status === 401 && spec.refreshAfter401?.(entry) === true) {
        // A minted token may have been revoked or expired early: one fresh token, then give up.
        policyAttempts--;
        report(config, call, spec, entry, attempts, started, error.withAttempts(attempts), true);
        continue;
      }
      failure =
        error.code === "not_found" || res.status < 300
          ? { type: "fatal" }
          : { type: "status", status: res.status };
    }
    if (execute) call.mayHaveSucceeded ||= error!.mayHaveSucceeded;
    error!.withAttempts(attempts, execute && call.mayHaveSucceeded);
    const decision = decideRetry({
      kind: spec.safeToRepeat ? "read" : "write",
      idempotent: false,
      attempt: policyAttempts,
      maxRetries: call.maxRetries,
      failure: failure!,
      retryAfterMs,
      remainingMs: call.remaining(),
      neededMs: spec.safeToRepeat ? 0 : minWriteBudget(config, call),
      random: config.random,
      maxRetryAfterMs: config.maxRetryAfterMs,
      backoff: config.backoff,
    });
    report(config, call, spec, entry, attempts, started, error!, decision.retry);
    if (!decision.retry) throw error!;
    if (decision.delayMs > 0) {
      await waitFor(config, call, spec, decision.delayMs, "the retry backoff", undefined);
    }
  }
}

/** The least time left with which a write is still dispatched. */
function minWriteBudget(config: ResolvedConfig, call: Call): number {
  return Math.min(config.minWriteBudgetMs, call.timeoutMs / 2);
}

function report(
  config: ResolvedConfig,
  call: Call,
  spec: AttemptSpec,
  entry: HeaderEntry,
  attempt: number,
  started: number,
  error: RefoldError,
  willRetry: boolean,
): void {
  const onError = config.hooks?.onError;
  if (onError === undefined) return;
  safeHook(onError, {
    ...event(config, call, spec, entry, attempt),
    error,
    willRetry,
    durationMs: config.now() - started,
  });
}

function event(
  config: ResolvedConfig,
  call: Call,
  spec: AttemptSpec,
  entry: HeaderEntry,
  attempt: number,
): RequestEvent {
  const secrets = call.secrets;
  return {
    purpose: spec.purpose,
    slug: scrubText(call.slug, secrets),
    actionId: scrubText(call.actionId, secrets),
    linkedAccountId:
      call.linkedAccountId === undefined ? undefined : scrubText(call.linkedAccountId, secrets),
    attempt,
    method: "POST",
    url: scrubText(`${config.origin}${spec.path}`, secrets),
    headers: entry.redacted,
  };
}

function safeHook<E>(hook: (event: E) => void, event: E): void {
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch(() => undefined);
  } catch {
    // Hooks only observe; their failures never break a call.
  }
}
