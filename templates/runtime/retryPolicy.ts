/**
 * The retry policy as pure functions (table-tested). A write is never repeated once it may have
 * reached Refold: execute is a POST without an idempotency key, so a repeat can duplicate a record.
 */
import type { ActionKind } from "./types.js";

/** What went wrong with one attempt. */
export type AttemptFailure =
  /** Refold (or a proxy) answered with this HTTP status. */
  | { type: "status"; status: number }
  /**
   * The connection failed. `reachedServer: false` only when the request provably never left the
   * client: connection refused, DNS failure, connect timeout, or any error before it was written.
   */
  | { type: "network"; reachedServer: boolean }
  /**
   * One attempt got no response within `attemptTimeoutMs` (only reads, idempotent writes and
   * mints have one): retried like a network failure.
   */
  | { type: "attemptTimeout"; reachedServer: boolean }
  /** The call's deadline passed, or the caller aborted: never retried. */
  | { type: "timeout" }
  | { type: "aborted" }
  /** Anything else (invalid body, oversized body, provider failure): never retried. */
  | { type: "fatal" };

export interface RetryInput {
  kind: ActionKind;
  /** The caller declared the write safe to repeat. */
  idempotent: boolean;
  /** Attempts made so far, including the failed one (1 after the first attempt). */
  attempt: number;
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  failure: AttemptFailure;
}

/** Statuses after which a read (or idempotent write) is repeated. */
export const RETRYABLE_READ_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Decides whether to make another attempt (like stripe-node's `_shouldRetry`).
 * - 429: always (Refold rejects before executing), for reads and writes.
 * - network error before the request was written: always.
 * - reads / idempotent writes: also network errors after sending, an attempt that got no response
 *   within `attemptTimeoutMs`, 408, 500, 502, 503, 504.
 * - writes: never after a 5xx, a reset or a response timeout.
 */
export function shouldRetry(input: RetryInput): boolean {
  if (input.attempt > input.maxRetries) return false;
  const failure = input.failure;
  const safeToRepeat = input.kind === "read" || input.idempotent;
  switch (failure.type) {
    case "status":
      if (failure.status === 429) return true;
      return safeToRepeat && RETRYABLE_READ_STATUSES.has(failure.status);
    case "network":
    case "attemptTimeout":
      return !failure.reachedServer || safeToRepeat;
    default:
      return false;
  }
}

export interface BackoffOptions {
  /** First retry's upper bound (default 300 ms). */
  baseDelayMs: number;
  /** Upper bound of any backoff (default 5 000 ms). */
  maxDelayMs: number;
}

const DELTA_SECONDS = /^\d+(\.\d+)?$/;
const HTTP_DATE = /^[a-z]{3},? /i;

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 300, maxDelayMs: 5_000 };

/**
 * Full-jitter exponential backoff: uniform in [0, min(max, base * 2^(attempt-1))).
 * `attempt` is the number of attempts made so far (1 before the first retry).
 */
export function computeBackoffMs(
  attempt: number,
  random: () => number,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * Parses a `Retry-After` header (delta-seconds or HTTP-date) into milliseconds, or `undefined`
 * when absent or unparseable. Never negative. `nowMs` is wall-clock time (`Date.now()`): an
 * HTTP-date is a wall-clock instant; the delay it yields is then waited on the monotonic clock.
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (DELTA_SECONDS.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before the next attempt: the server's `Retry-After` (capped at `maxRetryAfterMs`)
 * when given, otherwise jittered backoff.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
  maxRetryAfterMs: number,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, maxRetryAfterMs);
  return computeBackoffMs(attempt, random, backoff);
}
