/**
 * Retry policy of the live source. The decisions and waits are the runtime's own
 * (`templates/runtime/retryPolicy.ts`: `shouldRetry`, `Retry-After` parsing, full-jitter backoff);
 * this file only maps a discovery GET's outcome onto them. Every GET is a read, safe to repeat.
 */
import { defaultSleep } from "../../../templates/runtime/options.js";
import {
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type AttemptFailure,
} from "../../../templates/runtime/retryPolicy.js";

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

/** Whether attempt number `attempt` (from 1) of at most `attempts` is followed by another. */
export function retryGet(failure: GetFailure, attempt: number, attempts: number): boolean {
  return shouldRetry({
    kind: "read",
    idempotent: true,
    attempt,
    maxRetries: attempts - 1,
    failure: asAttemptFailure(failure),
  });
}

/** The wait before the next attempt: `Retry-After` (capped) when sent, else jittered backoff. */
export function waitBeforeRetry(
  attempt: number,
  retryAfter: string | undefined,
  deps: Pick<FetchDeps, "now" | "random">,
): number {
  return retryDelayMs(
    attempt,
    parseRetryAfterMs(retryAfter, deps.now()),
    deps.random,
    RETRY_AFTER_CAP_MS,
  );
}
