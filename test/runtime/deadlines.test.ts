// Time and capacity promises (issue 11 items 5, 7, 8, 9): a monotonic clock for deadlines and the
// limiter, a minimum budget before a write goes out, a per-account cap on requests in flight, and a
// per-attempt timeout that lets a hung read be retried inside its deadline.
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  RefoldRateLimitError,
  RefoldTimeoutError,
  createExecutor,
  type RefoldError,
} from "../../templates/runtime/index.js";
import { json, startServer, success, type TestServer } from "./helpers/server.js";

const KEY = "pk_test_deadlines";
let server: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function timed<T>(
  promise: Promise<T>,
): Promise<{ value?: T; error?: RefoldError; ms: number }> {
  const started = performance.now();
  try {
    const value = await promise;
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error: error as RefoldError, ms: performance.now() - started };
  }
}

describe("monotonic clock", () => {
  // The wall clock is faked from the start (so a client holding `Date.now` sees it) and stepped later.
  function steppableWallClock(): { stepBack: (ms: number) => void } {
    const realNow = Date.now.bind(Date);
    let offset = 0;
    vi.spyOn(Date, "now").mockImplementation(() => realNow() - offset);
    return { stepBack: (ms) => void (offset += ms) };
  }

  test("a wall-clock step back of 60 s does not stretch a 1 s deadline", async () => {
    const clock = steppableWallClock();
    server = await startServer((_req, res, _r, i) => {
      if (i === 0) {
        // The clock steps back while the first attempt is answered 503 (a read retries).
        clock.stepBack(60_000);
        return json(res, 503, { status_code: 503, error: "SERVER_ERROR", message: "busy" });
      }
      return undefined; // every later attempt hangs
    });
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: false,
      backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const { error, ms } = await timed(
      executor.execute("hubspot", "get_contact", {}, { kind: "read", timeoutMs: 1_000 }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(ms).toBeLessThan(1_300);
  });

  test("the rate limiter keeps refilling after a wall-clock step back", async () => {
    const clock = steppableWallClock();
    server = await startServer((_req, res) => success(res, 1));
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: { requestsPerSecond: 50, burst: 1 },
    });
    await executor.execute("hubspot", "get_contact", {}, { kind: "read" });
    clock.stepBack(60_000);
    const { error, ms } = await timed(
      (async () => {
        for (let i = 0; i < 20; i++)
          await executor.execute("hubspot", "get_contact", {}, { kind: "read", timeoutMs: 500 });
      })(),
    );
    await executor.close();
    expect(error).toBeUndefined();
    // 20 calls at 50/s: about 400 ms; without refills the waits would add up to seconds.
    expect(ms).toBeLessThan(1_200);
  });
});

describe("minimum budget before a write is dispatched", () => {
  // The injectable clock: waits advance it exactly, so the budget left is known to the millisecond.
  function fakeClock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
  }

  test("a write left with less than minWriteBudgetMs fails unsent, mayHaveSucceeded false", async () => {
    server = await startServer((_req, res, _r, i) =>
      i === 0 ? success(res, 1) : void setTimeout(() => success(res, 1), 150),
    );
    // burst 1 at 1.1/s: the second call waits 909 ms of its 1 000 ms, leaving 91 ms < 100 ms.
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: { requestsPerSecond: 1.1, burst: 1 },
      ...fakeClock(),
    });
    await executor.execute("hubspot", "create_contact", {}, { kind: "write" });
    const { error, ms } = await timed(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 1_000 }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(error).toMatchObject({ mayHaveSucceeded: false });
    expect(error!.message).toContain("minWriteBudgetMs");
    expect(server.requests).toHaveLength(1);
    expect(ms).toBeLessThan(1_000);
  });

  test("a read with the same little time left is still sent", async () => {
    server = await startServer((_req, res) => success(res, "ok"));
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: { requestsPerSecond: 1.1, burst: 1 },
      ...fakeClock(),
    });
    await executor.execute("hubspot", "get_contact", {}, { kind: "read" });
    expect(
      await executor.execute("hubspot", "get_contact", {}, { kind: "read", timeoutMs: 1_000 }),
    ).toBe("ok");
    await executor.close();
    expect(server.requests).toHaveLength(2);
  });

  test("a 429 whose Retry-After would leave a write no budget is final at once", async () => {
    server = await startServer((_req, res) =>
      json(res, 429, { status_code: 429, error: "RATE_LIMITED" }, { "retry-after": "1" }),
    );
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: false,
    });
    const { error, ms } = await timed(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 1_050 }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldRateLimitError);
    expect(error).toMatchObject({ mayHaveSucceeded: false, retryAfterMs: 1_000 });
    expect(ms).toBeLessThan(300);
    expect(server.requests).toHaveLength(1);
  });
});

describe("per-account cap on requests in flight", () => {
  test("one busy account cannot hold the whole pool; another account's call goes through", async () => {
    let inFlightA = 0;
    let maxInFlightA = 0;
    server = await startServer((req, res) => {
      if (req.headers["linked_account_id"] === "busy") {
        inFlightA++;
        maxInFlightA = Math.max(maxInFlightA, inFlightA);
        setTimeout(() => {
          inFlightA--;
          success(res, "slow");
        }, 1_000);
        return;
      }
      success(res, "fast");
    });
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      rateLimit: false,
      connections: 4,
      maxInFlightPerAccount: 2,
    });
    const busy = Array.from({ length: 4 }, () =>
      executor
        .execute(
          "hubspot",
          "get_contact",
          {},
          { kind: "read", linkedAccountId: "busy", timeoutMs: 10_000 },
        )
        .catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 50));
    const { value, error } = await timed(
      executor.execute(
        "hubspot",
        "get_contact",
        {},
        { kind: "read", linkedAccountId: "other", timeoutMs: 500 },
      ),
    );
    expect(error).toBeUndefined();
    expect(value).toBe("fast");
    expect(maxInFlightA).toBe(2);
    await Promise.all(busy);
    await executor.close();
  });

  test("a call that cannot get a slot before its deadline fails unsent", async () => {
    server = await startServer((_req, res) => void setTimeout(() => success(res, 1), 600));
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: false,
      maxInFlightPerAccount: 1,
    });
    const first = executor.execute("hubspot", "create_contact", {}, { kind: "write" });
    const { error, ms } = await timed(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 200 }),
    );
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(error).toMatchObject({ mayHaveSucceeded: false });
    expect(error!.message).toContain("maxInFlightPerAccount");
    expect(ms).toBeLessThan(400);
    await first;
    await executor.close();
    expect(server.requests).toHaveLength(1);
  });
});

describe("per-attempt timeout", () => {
  test("a hung read is retried inside its deadline and succeeds", async () => {
    server = await startServer((_req, res, _r, i) =>
      i === 0 ? undefined : success(res, "second"),
    );
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: false,
      attemptTimeoutMs: 200,
      backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const { value, ms } = await timed(
      executor.execute("hubspot", "get_contact", {}, { kind: "read", timeoutMs: 5_000 }),
    );
    await executor.close();
    expect(value).toBe("second");
    expect(ms).toBeLessThan(600);
    expect(server.requests).toHaveLength(2);
  });

  test("a hung write keeps its one attempt until the deadline (never repeated)", async () => {
    server = await startServer(() => undefined);
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: server.url,
      linkedAccountId: "a",
      rateLimit: false,
      attemptTimeoutMs: 100,
    });
    const { error, ms } = await timed(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 700 }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(error).toMatchObject({ mayHaveSucceeded: true });
    expect(ms).toBeGreaterThan(650);
    expect(server.requests).toHaveLength(1);
  });
});
