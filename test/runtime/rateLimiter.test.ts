// Token bucket per linked account: unit tests on an injected clock, and over real HTTP.
import { afterEach, describe, expect, test } from "vitest";
import { RateLimiter, RefoldTimeoutError, createExecutor } from "../../templates/runtime/index.js";
import { startServer, success, type TestServer } from "./helpers/server.js";
import { until } from "../helpers/until.js";

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

/**
 * A sleep the test controls: each wait is recorded, and ends only when the test releases it (or
 * at once, with `instant`).
 */
function heldSleeps(instant = false) {
  const waits: Array<{ ms: number }> = [];
  const held: Array<() => void> = [];
  const sleep = (ms: number) => {
    waits.push({ ms });
    return instant ? Promise.resolve() : new Promise<void>((resolve) => held.push(resolve));
  };
  const releaseAll = () => held.splice(0).forEach((resolve) => resolve());
  return { waits, sleep, releaseAll };
}

describe("rate limit over HTTP", () => {
  let server: TestServer;
  afterEach(() => server?.close());

  test("a burst for one account queues at the configured rate; another account is not delayed", async () => {
    server = await startServer((_req, res) => success(res, 1));
    // A fixed clock: every reservation sees the same instant, so the waits are exact.
    const sleeps = heldSleeps();
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 20, burst: 5 },
      now: () => 1_000,
      sleep: sleeps.sleep,
    });
    const calls = Array.from({ length: 15 }, () =>
      executor.execute("a", "b", {}, { linkedAccountId: "busy", kind: "read" }),
    );
    await until(() => sleeps.waits.length === 10 && server.requests.length === 5, "the burst");
    // The burst of 5 is sent; the other 10 wait one 50 ms token each (20/s), in arrival order.
    expect(sleeps.waits.map((w) => w.ms)).toEqual([
      50, 100, 150, 200, 250, 300, 350, 400, 450, 500,
    ]);

    // While all 10 are still waiting, the quiet account's call goes through without a wait.
    let quietDone = false;
    const quiet = executor
      .execute("a", "b", {}, { linkedAccountId: "quiet", kind: "read" })
      .then(() => (quietDone = true));
    await until(() => quietDone || sleeps.waits.length > 10, "the quiet account's call");
    expect(sleeps.waits).toHaveLength(10);
    await quiet;
    expect(server.requests.map((r) => r.headers["linked_account_id"])).toEqual([
      ...Array(5).fill("busy"),
      "quiet",
    ]);

    // Released, the queued calls are sent.
    sleeps.releaseAll();
    await Promise.all(calls);
    expect(server.requests.filter((r) => r.headers["linked_account_id"] === "busy")).toHaveLength(
      15,
    );
    await executor.close();
  });

  test("with the real clock and sleep, a burst takes at least its tokens' time", async () => {
    const arrivals: number[] = [];
    const start = Date.now();
    server = await startServer((_req, res) => {
      arrivals.push(Date.now() - start);
      success(res, 1);
    });
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 20, burst: 5 },
      linkedAccountId: "busy",
    });
    await Promise.all(Array.from({ length: 15 }, () => executor.execute("a", "b", {})));
    await executor.close();
    // 10 calls beyond the burst at 20/s: the last is sent no sooner than 500 ms in (lower bounds
    // only: a loaded machine makes this slower, never faster).
    expect(arrivals).toHaveLength(15);
    expect(Math.max(...arrivals)).toBeGreaterThanOrEqual(490);
  });

  test("rateLimit: false sends everything without waiting", async () => {
    server = await startServer((_req, res) => success(res, 1));
    const send = async (rateLimit: false | { requestsPerSecond: number; burst: number }) => {
      const sleeps = heldSleeps(true);
      const executor = createExecutor({
        apiKey: "k",
        baseUrl: server.url,
        rateLimit,
        linkedAccountId: "a",
        now: () => 1_000,
        sleep: sleeps.sleep,
      });
      await Promise.all(Array.from({ length: 30 }, () => executor.execute("a", "b", {})));
      await executor.close();
      return sleeps.waits.length;
    };
    expect(await send(false)).toBe(0);
    // The same calls with a limit do wait (so the count above can tell the difference).
    expect(await send({ requestsPerSecond: 20, burst: 5 })).toBe(25);
    expect(server.requests).toHaveLength(60);
  });

  test("a wait that would pass the deadline fails fast with a timeout, sending nothing", async () => {
    server = await startServer((_req, res) => success(res, 1));
    const sleeps = heldSleeps();
    const executor = createExecutor({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { requestsPerSecond: 1, burst: 1 },
      linkedAccountId: "a",
      sleep: sleeps.sleep,
    });
    await executor.execute("a", "b", {});
    const error = await executor.execute("a", "b", {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect((error as Error).message).toMatch(/client-side rate limit would pass it/);
    // It did not wait (a held sleep would never end) and did not send.
    expect(sleeps.waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
    await executor.close();
  });
});
