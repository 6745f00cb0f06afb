// The retry policy as a table (like stripe-node's _shouldRetry tests), backoff jitter bounds with
// an injected random source, and Retry-After parsing.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DEFAULT_BACKOFF,
  computeBackoffMs,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type AttemptFailure,
  type RetryInput,
} from "../../templates/runtime/index.js";

const net = (reachedServer: boolean): AttemptFailure => ({ type: "network", reachedServer });
const status = (s: number): AttemptFailure => ({ type: "status", status: s });

// [failure, read retried?, write retried?, idempotent write retried?, why]
const table: Array<[string, AttemptFailure, boolean, boolean, boolean]> = [
  ["connection refused / DNS / connect timeout", net(false), true, true, true],
  ["reset before or during response", net(true), true, false, true],
  ["408", status(408), true, false, true],
  ["429", status(429), true, true, true],
  ["500", status(500), true, false, true],
  ["502", status(502), true, false, true],
  ["503", status(503), true, false, true],
  ["504", status(504), true, false, true],
  ["501", status(501), false, false, false],
  ["400", status(400), false, false, false],
  ["401", status(401), false, false, false],
  ["403", status(403), false, false, false],
  ["404", status(404), false, false, false],
  ["409", status(409), false, false, false],
  ["deadline passed", { type: "timeout" }, false, false, false],
  ["aborted", { type: "aborted" }, false, false, false],
  ["invalid / oversized / provider failure", { type: "fatal" }, false, false, false],
];

describe("shouldRetry table", () => {
  for (const [name, failure, read, write, idempotentWrite] of table) {
    test(`${name}: read ${read}, write ${write}, idempotent write ${idempotentWrite}`, () => {
      const base: Omit<RetryInput, "kind" | "idempotent"> = { attempt: 1, maxRetries: 2, failure };
      expect(shouldRetry({ ...base, kind: "read", idempotent: false })).toBe(read);
      expect(shouldRetry({ ...base, kind: "write", idempotent: false })).toBe(write);
      expect(shouldRetry({ ...base, kind: "write", idempotent: true })).toBe(idempotentWrite);
    });
  }

  test("attempt budget: attempt N is retried only while N <= maxRetries", () => {
    const input = { kind: "read" as const, idempotent: false, failure: status(503) };
    expect(shouldRetry({ ...input, attempt: 1, maxRetries: 2 })).toBe(true);
    expect(shouldRetry({ ...input, attempt: 2, maxRetries: 2 })).toBe(true);
    expect(shouldRetry({ ...input, attempt: 3, maxRetries: 2 })).toBe(false);
    expect(shouldRetry({ ...input, attempt: 1, maxRetries: 0 })).toBe(false);
  });

  test("property: a write that may have reached the server is never retried unless idempotent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.integer({ min: 1, max: 10 }),
        (code, attempt) => {
          const retried = shouldRetry({
            kind: "write",
            idempotent: false,
            attempt,
            maxRetries: 10,
            failure: status(code),
          });
          return !retried || code === 429;
        },
      ),
    );
    expect(
      shouldRetry({
        kind: "write",
        idempotent: false,
        attempt: 1,
        maxRetries: 5,
        failure: net(true),
      }),
    ).toBe(false);
  });
});

describe("backoff", () => {
  test("full jitter: within [0, min(max, base*2^(n-1))) for any random value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, r) => {
          const delay = computeBackoffMs(attempt, () => r);
          const ceiling = Math.min(
            DEFAULT_BACKOFF.maxDelayMs,
            DEFAULT_BACKOFF.baseDelayMs * 2 ** (attempt - 1),
          );
          return delay >= 0 && delay <= ceiling && Number.isInteger(delay);
        },
      ),
    );
  });

  test("exact values with injected random", () => {
    expect(computeBackoffMs(1, () => 0)).toBe(0);
    expect(computeBackoffMs(1, () => 0.5)).toBe(150);
    expect(computeBackoffMs(2, () => 0.5)).toBe(300);
    expect(computeBackoffMs(3, () => 0.999)).toBe(1198);
    expect(computeBackoffMs(20, () => 0.999)).toBe(4995);
    expect(computeBackoffMs(2, () => 0.5, { baseDelayMs: 10, maxDelayMs: 15 })).toBe(7);
  });

  test("broken random sources are clamped", () => {
    expect(computeBackoffMs(1, () => NaN)).toBe(0);
    expect(computeBackoffMs(1, () => 7)).toBe(300);
    expect(computeBackoffMs(1, () => -1)).toBe(0);
  });

  test("Retry-After wins over jitter and is capped", () => {
    expect(retryDelayMs(1, 2_000, () => 0.9, 20_000)).toBe(2_000);
    expect(retryDelayMs(1, 90_000, () => 0.9, 20_000)).toBe(20_000);
    expect(retryDelayMs(2, undefined, () => 0.5, 20_000)).toBe(300);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  test.each([
    [undefined, undefined],
    ["", undefined],
    ["2", 2000],
    ["0", 0],
    [" 1.5 ", 1500],
    ["Wed, 01 Jan 2025 00:00:10 GMT", 10_000],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
    ["soon", undefined],
    ["-3", undefined],
  ])("%s -> %s", (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});
