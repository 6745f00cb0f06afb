/**
 * Retry policy of the live source. The decision is the runtime's own
 * (`templates/runtime/retryDecision.ts`: its `shouldRetry`, `Retry-After` parsing, full-jitter
 * backoff and deadline check); this file only maps a discovery GET's outcome onto it. Every GET
 * is a read, safe to repeat.
 */
import { defaultSleep } from "../../../templates/runtime/options.js";
import { decideRetry, type RetryDecision } from "../../../templates/runtime/retryDecision.js";
import { parseRetryAfterMs, type AttemptFailure } from "../../../templates/runtime/retryPolicy.js";

/** Waits, randomness and time, injectable so tests never wait for real. */
export interface FetchDeps {
  /** Resolves after `ms` (or early, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  random(): number;
  /** Milliseconds, for pacing, the deadline and `Retry-After` dates. */
  now(): number;
}

export const defaultDeps: FetchDeps = {
  // The runtime's sleep rejects on abort; here an abort only ends the wait early.
  sleep: (ms, signal) => defaultSleep(ms, signal).catch(() => undefined),
  random: Math.random,
  now: Date.now,
};

/** A `Retry-After` longer than this is shortened to it. */
export const RETRY_AFTER_CAP_MS = 30_000;

/** Network error codes that will not heal by retrying. */
const PERMANENT_CODES = new Set([
  "ENOTFOUND",
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
  "ERR_INVALID_URL",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED",
]);

/** What one GET attempt ended with, as far as retrying is concerned. */
export type GetFailure =
  | { kind: "status"; status: number }
  | { kind: "network"; code: string | undefined }
  | { kind: "timeout" };

/** The runtime's view of a GET failure: a per-request timeout is a network failure after sending. */
function asAttemptFailure(failure: GetFailure): AttemptFailure {
  if (failure.kind === "status") return { type: "status", status: failure.status };
  if (failure.kind === "network" && PERMANENT_CODES.has(failure.code ?? ""))
    return { type: "fatal" };
  return { type: "network", reachedServer: true };
}

/** A failed GET attempt, as far as deciding on the next one is concerned. */
export interface FailedGet {
  failure: GetFailure;
  /** Attempts made so far (from 1), of at most `attempts`. */
  attempt: number;
  attempts: number;
  /** The answer's `Retry-After` header, when it had one. */
  retryAfter: string | undefined;
  /** Milliseconds left before the fetch's deadline. */
  remainingMs: number;
}

/**
 * Whether another attempt follows, and after how long: `Retry-After` (capped) when sent, else
 * jittered backoff; a wait that would reach the deadline stops with reason `deadline`.
 */
export function decideGetRetry(
  failed: FailedGet,
  deps: Pick<FetchDeps, "now" | "random">,
): RetryDecision {
  return decideRetry({
    kind: "read",
    idempotent: true,
    attempt: failed.attempt,
    maxRetries: failed.attempts - 1,
    failure: asAttemptFailure(failed.failure),
    retryAfterMs: parseRetryAfterMs(failed.retryAfter, deps.now()),
    remainingMs: failed.remainingMs,
    neededMs: 0,
    random: deps.random,
    maxRetryAfterMs: RETRY_AFTER_CAP_MS,
  });
}
