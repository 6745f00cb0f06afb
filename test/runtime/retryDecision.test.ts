// The one retry decision (policy, wait, deadline) as a given/want table, shared by the runtime's
// attempt loop and the live fetch.
import { describe, expect, test } from "vitest";
import {
  decideRetry,
  type RetryDecision,
  type RetryDecisionInput,
} from "../../templates/runtime/retryDecision.js";

const base: RetryDecisionInput = {
  kind: "read",
  idempotent: false,
  attempt: 1,
  maxRetries: 2,
  failure: { type: "status", status: 503 },
  retryAfterMs: undefined,
  remainingMs: 60_000,
  neededMs: 0,
  random: () => 0.5,
  maxRetryAfterMs: 20_000,
};

// prettier-ignore
const table: Array<[string, Partial<RetryDecisionInput>, RetryDecision]> = [
  ["a retryable read: jittered backoff", {}, { retry: true, delayMs: 150 }],
  ["the second retry: the backoff doubles", { attempt: 2 }, { retry: true, delayMs: 300 }],
  ["no retries left", { attempt: 3 }, { retry: false, reason: "policy" }],
  ["no retries allowed", { maxRetries: 0 }, { retry: false, reason: "policy" }],
  ["a status never retried", { failure: { type: "status", status: 400 } }, { retry: false, reason: "policy" }],
  ["a write after a 503", { kind: "write" }, { retry: false, reason: "policy" }],
  ["an idempotent write after a 503", { kind: "write", idempotent: true }, { retry: true, delayMs: 150 }],
  ["a write after a 429", { kind: "write", failure: { type: "status", status: 429 } }, { retry: true, delayMs: 150 }],
  ["the deadline passed", { failure: { type: "timeout" } }, { retry: false, reason: "policy" }],
  ["Retry-After wins over the backoff", { retryAfterMs: 2_000 }, { retry: true, delayMs: 2_000 }],
  ["Retry-After is capped", { retryAfterMs: 90_000 }, { retry: true, delayMs: 20_000 }],
  ["Retry-After of 0", { retryAfterMs: 0 }, { retry: true, delayMs: 0 }],
  ["custom backoff", { attempt: 2, backoff: { baseDelayMs: 10, maxDelayMs: 15 } }, { retry: true, delayMs: 7 }],
  ["the wait ends 1 ms before the deadline", { retryAfterMs: 2_000, remainingMs: 2_001 }, { retry: true, delayMs: 2_000 }],
  ["the wait ends at the deadline", { retryAfterMs: 2_000, remainingMs: 2_000 }, { retry: false, reason: "deadline", delayMs: 2_000 }],
  ["the wait would pass the deadline", { retryAfterMs: 2_000, remainingMs: 500 }, { retry: false, reason: "deadline", delayMs: 2_000 }],
  ["no time left, even without a wait", { retryAfterMs: 0, remainingMs: 0 }, { retry: false, reason: "deadline", delayMs: 0 }],
  ["a write keeps its budget: more than needed is left", { kind: "write", failure: { type: "status", status: 429 }, remainingMs: 5_151, neededMs: 5_000 }, { retry: true, delayMs: 150 }],
  ["a write keeps its budget: exactly needed is left", { kind: "write", failure: { type: "status", status: 429 }, remainingMs: 5_150, neededMs: 5_000 }, { retry: false, reason: "deadline", delayMs: 150 }],
  ["the policy is asked before the deadline", { attempt: 3, remainingMs: 0 }, { retry: false, reason: "policy" }],
];

describe("decideRetry table", () => {
  for (const [name, given, want] of table) {
    test(`${name} → ${JSON.stringify(want)}`, () => {
      expect(decideRetry({ ...base, ...given })).toEqual(want);
    });
  }

  test("randomness is drawn only when the policy allows a retry", () => {
    let draws = 0;
    const random = () => (draws++, 0.5);
    decideRetry({ ...base, attempt: 3, random });
    expect(draws).toBe(0);
    decideRetry({ ...base, random });
    expect(draws).toBe(1);
  });
});
