// Token bucket per linked account: unit tests on an injected clock, and over real HTTP.
import { afterEach, describe, expect, test } from "vitest";
import { RateLimiter, RefoldTimeoutError, createExecutor } from "../../templates/runtime/index.js";
import { startServer, success, type TestServer } from "./helpers/server.js";

describe("RateLimiter (injected clock)", () => {
  test("burst 5 goes at once, then one token per 50 ms at 20/s", () => {
    let now = 1_000;
    const limiter = new RateLimiter({}, () => now);
    const waits = Array.from({ length: 8 }, () => limiter.reserve("acme"));
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(waits.slice(5)).toEqual([50, 100, 150]);
    now += 150;
    expect(limiter.reserve("acme")).toBeCloseTo(50, 6);
  });

  test("accounts have separate buckets", () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 }, () => 0);
    expect(limiter.reserve("a")).toBe(0);
    expect(limiter.reserve("b")).toBe(0);
    expect(limiter.reserve("a")).toBe(100);
  });

  test("refills up to the burst only", () => {
    let now = 0;
    const limiter = new RateLimiter({ requestsPerSecond: 20, burst: 5 }, () => now);
    for (let i = 0; i < 5; i++) limiter.reserve("a");
    now += 10_000;
    const waits = Array.from({ length: 6 }, () => limiter.reserve("a"));
    expect(waits).toEqual([0, 0, 0, 0, 0, 50]);
  });

  test("cancel returns a token", () => {
    const limiter = new RateLimiter({ requestsPerSecond: 10, burst: 1 }, () => 0);
    limiter.reserve("a");
    expect(limiter.reserve("a")).toBe(100);
    limiter.cancel("a");
    expect(limiter.reserve("a")).toBe(100);
  });

  test("rejects nonsense configuration", () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 }, Date.now)).toThrow(RangeError);
    expect(() => new RateLimiter({ burst: 0.5 }, Date.now)).toThrow(RangeError);
  });
});

describe("rate limit over HTTP", () => {
  let server: TestServer;
  afterEach(() => server?.close());

  test("a burst for one account queues at the configured rate; another account is not delayed", async () => {
    const arrivals: Array<[string, number]> = [];
    const start = Date.now();
    server = await startServer((req, res) => {
      arrivals.push([String(req.headers["linked_account_id"]), Date.now() - start]);
      success(res, 1);
    });
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 20, burst: 5 },
    });
    const calls = Array.from({ length: 15 }, () =>
      executor.execute("a", "b", {}, { linkedAccountId: "busy", kind: "read" }),
    );
    await new Promise((r) => setTimeout(r, 20));
    await executor.execute("a", "b", {}, { linkedAccountId: "quiet", kind: "read" });
    const quietDone = Date.now() - start;
    await Promise.all(calls);
    const elapsed = Date.now() - start;
    await executor.close();
    // 10 calls beyond the burst at 20/s need >= 500 ms.
    expect(elapsed).toBeGreaterThanOrEqual(490);
    // The quiet account is not queued behind the busy one.
    expect(quietDone).toBeLessThan(elapsed - 250);
    const busy = arrivals.filter(([a]) => a === "busy").map(([, t]) => t);
    expect(busy).toHaveLength(15);
    expect(Math.max(...busy)).toBeGreaterThanOrEqual(490);
  });

  test("rateLimit: false sends everything at once", async () => {
    server = await startServer((_req, res) => success(res, 1));
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: false,
      linkedAccountId: "a",
    });
    const start = Date.now();
    await Promise.all(Array.from({ length: 30 }, () => executor.execute("a", "b", {})));
    expect(Date.now() - start).toBeLessThan(500);
    await executor.close();
  });

  test("a wait that would pass the deadline fails fast with a timeout, sending nothing", async () => {
    server = await startServer((_req, res) => success(res, 1));
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 1, burst: 1 },
      linkedAccountId: "a",
    });
    await executor.execute("a", "b", {});
    const started = Date.now();
    const error = await executor.execute("a", "b", {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(Date.now() - started).toBeLessThan(100);
    expect(server.requests).toHaveLength(1);
    await executor.close();
  });
});
