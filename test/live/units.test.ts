/** The live source's small parts: Retry-After parsing, backoff, the limiter, redaction. */
import { describe, expect, it } from "vitest";
import { createLimiter } from "../../generator/fetch/limit.js";
import { createRedactor, displayUrl, oneLine } from "../../generator/fetch/redact.js";
import {
  backoffMs,
  retryableStatus,
  retryAfterMs,
  RETRY_AFTER_CAP_MS,
} from "../../generator/fetch/retry.js";

describe("Retry-After", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  it.each([
    ["3", 3000],
    ["0", 0],
    ["1.5", 1500],
    ["Thu, 01 Jan 2026 00:00:10 GMT", 10_000],
    ["Wed, 31 Dec 2025 23:00:00 GMT", 0],
    ["99999", RETRY_AFTER_CAP_MS],
    ["soon", undefined],
    ["-5", undefined],
    [undefined, undefined],
  ])("%s → %s ms", (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
});

describe("backoff", () => {
  it("is full jitter under an exponential, capped ceiling", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => backoffMs(a, () => 0.999999))).toEqual([
      499, 999, 1999, 3999, 7999, 7999, 7999,
    ]);
    expect(backoffMs(3, () => 0)).toBe(0);
  });

  it("retries 408, 429 and 5xx but not 501/505 or other 4xx", () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(retryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 501, 505].some(retryableStatus)).toBe(false);
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
    expect(redact("key tk_a+b/c and tk_a%2Bb%2Fc")).toBe("key [redacted] and [redacted]");
  });

  it("message parts are one printable line, URLs without credentials or query", () => {
    expect(oneLine("a\r\n  b\u0007c", 10)).toBe("a b\\u{7}c");
    expect(oneLine("x".repeat(20), 5)).toBe("xxxxx…");
    expect(displayUrl("https://user:pw@host.example/p?token=s#h")).toBe("https://host.example/p");
  });
});
