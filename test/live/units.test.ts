/** The live source's small parts: Retry-After parsing, backoff, the limiter, redaction. */
import { describe, expect, it } from "vitest";
import { createLimiter } from "../../generator/source/fetch/limit.js";
import { createRedactor, displayUrl, oneLine } from "../../generator/source/fetch/redact.js";
import {
  RETRY_AFTER_CAP_MS,
  decideGetRetry,
  type GetFailure,
} from "../../generator/source/fetch/retry.js";
import { eta } from "../../generator/source/fetchCatalog.js";

describe("wait before a retry (the runtime's Retry-After parsing and backoff)", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const deps = { now: () => now, random: () => 0.999999 };
  it.each([
    ["3", 1, 3000],
    ["0", 1, 0],
    ["1.5", 1, 1500],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 1, 10_000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 1, 0],
    ["99999", 1, RETRY_AFTER_CAP_MS],
    // Unreadable or absent: full-jitter backoff, 300 ms doubling, capped at 5 s.
    ["soon", 1, 299],
    ["-5", 2, 599],
    [undefined, 3, 1199],
    [undefined, 9, 4999],
  ])("Retry-After %s, attempt %i → %i ms", (value, attempt, ms) => {
    const failed = {
      failure: { kind: "status", status: 503 } as const,
      attempt,
      attempts: 10,
      retryAfter: value,
      remainingMs: Infinity,
    };
    expect(decideGetRetry(failed, deps)).toEqual({ retry: true, delayMs: ms });
  });
});

describe("what a discovery GET retries (the runtime's shouldRetry, as a read)", () => {
  it.each([
    [{ kind: "status", status: 429 } as const, true],
    [{ kind: "status", status: 503 } as const, true],
    [{ kind: "status", status: 408 } as const, true],
    [{ kind: "status", status: 404 } as const, false],
    [{ kind: "status", status: 401 } as const, false],
    [{ kind: "status", status: 501 } as const, false],
    [{ kind: "network", code: "ECONNRESET" } as const, true],
    [{ kind: "network", code: "ENOTFOUND" } as const, false],
    [{ kind: "timeout" } as const, true],
  ])("%j → retried: %s", (failure, retried) => {
    expect(retryGet(failure, 1, 4)).toBe(retried);
  });

  it("stops after the last attempt", () => {
    expect(retryGet({ kind: "status", status: 503 }, 3, 4)).toBe(true);
    expect(retryGet({ kind: "status", status: 503 }, 4, 4)).toBe(false);
    expect(retryGet({ kind: "status", status: 429 }, 1, 1)).toBe(false);
  });

  it.each([
    // [Retry-After, ms left before the deadline, want]
    ["3", 3_001, { retry: true, delayMs: 3_000 }],
    ["3", 3_000, { retry: false, reason: "deadline", delayMs: 3_000 }],
    ["99999", 30_000, { retry: false, reason: "deadline", delayMs: RETRY_AFTER_CAP_MS }],
    [undefined, 1, { retry: true, delayMs: 0 }], // random 0: no wait at all
    [undefined, 0, { retry: false, reason: "deadline", delayMs: 0 }],
  ] as const)("Retry-After %s with %i ms left → %j", (retryAfter, remainingMs, want) => {
    const failed = {
      failure: { kind: "status", status: 429 } as const,
      attempt: 1,
      attempts: 4,
      retryAfter,
      remainingMs,
    };
    expect(decideGetRetry(failed, { now: () => 0, random: () => 0 })).toEqual(want);
  });
});

/** Whether attempt `attempt` of at most `attempts` is followed by another, time permitting. */
function retryGet(failure: GetFailure, attempt: number, attempts: number): boolean {
  const failed = { failure, attempt, attempts, retryAfter: undefined, remainingMs: Infinity };
  const decision = decideGetRetry(failed, { now: () => 0, random: () => 0.5 });
  if (!decision.retry) expect(decision.reason).toBe("policy");
  return decision.retry;
}

describe("progress ETA", () => {
  const limit = { requestsPerSecond: 20, burst: 5 };
  it.each([
    [100, 2, 1000, limit, ""], // too few requests to estimate
    [100, 50, 2500, limit, ", about 5 s left"], // 20/s achieved
    [100, 50, 1000, limit, ", about 5 s left"], // 50/s measured, but never faster than the limit
    [100, 50, 1000, false, ", about 2 s left"],
    [18_000, 200, 10_000, limit, ", about 15 min left"],
    [0, 200, 10_000, limit, ""],
  ] as const)("%i left, %i sent in %i ms → %j", (remaining, sent, elapsed, rate, want) => {
    expect(eta(remaining, sent, elapsed, rate)).toBe(want);
  });
});

describe("limiter", () => {
  it("runs at most `size` tasks at once, in order", async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 2));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([...Array(20).keys()]);
  });

  it("releases its slot when a task fails", async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("x")))).rejects.toThrow("x");
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
  });
});

describe("redaction", () => {
  it("removes secrets, plain and percent-encoded", () => {
    const redact = createRedactor(["tk_a+b/c", undefined, ""]);
    expect(redact("key tk_a+b/c and tk_a%2Bb%2Fc")).toBe("key [REDACTED] and [REDACTED]");
  });

  it("message parts are one printable line, URLs without credentials or query", () => {
    expect(oneLine("a\r\n  b\u0007c", 10)).toBe("a b\\u{7}c");
    expect(oneLine("x".repeat(20), 5)).toBe("xxxxx…");
    expect(displayUrl("https://user:pw@host.example/p?token=s#h")).toBe("https://host.example/p");
  });
});
