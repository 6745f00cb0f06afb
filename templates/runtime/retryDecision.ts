/**
 * The one retry decision after a failed attempt, pure (table-tested): the policy, then the wait,
 * then whether the wait still fits the deadline. The runtime's attempt loop (`attempts.ts`) and
 * the generator's live fetch both call it, so they stop and wait by the same rules.
 */
import { retryDelayMs, shouldRetry, type BackoffOptions, type RetryInput } from "./retryPolicy.js";

export interface RetryDecisionInput extends RetryInput {
  /** The server's `Retry-After`, parsed, when it sent one. */
  retryAfterMs: number | undefined;
  /** Milliseconds left before the deadline. */
  remainingMs: number;
  /** Milliseconds that must still be left after the wait (a write's minimum budget; else 0). */
  neededMs: number;
  /** Uniform in [0, 1): the jitter. */
  random: () => number;
  /** A longer `Retry-After` is shortened to this. */
  maxRetryAfterMs: number;
  backoff?: BackoffOptions | undefined;
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** `policy`: the failure or the attempt count rules out another attempt. */
  | { retry: false; reason: "policy" }
  /** `deadline`: the wait would leave no more than `neededMs` before the deadline. */
  | { retry: false; reason: "deadline"; delayMs: number };

/** Whether to make another attempt and after how long (randomness is drawn only for a retry). */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  if (!shouldRetry(input)) return { retry: false, reason: "policy" };
  const delayMs = retryDelayMs(
    input.attempt,
    input.retryAfterMs,
    input.random,
    input.maxRetryAfterMs,
    input.backoff,
  );
  if (input.remainingMs - delayMs <= input.neededMs)
    return { retry: false, reason: "deadline", delayMs };
  return { retry: true, delayMs };
}
