// The fault matrix of issue 4: one test per row, each asserting the error class, the exact number
// of requests the server saw, and that the call finished within its deadline.
import { afterEach, describe, expect, test } from "vitest";
import {
  RefoldAbortError,
  RefoldAuthenticationError,
  RefoldConnectionExpiredError,
  RefoldError,
  RefoldInvalidResponseError,
  RefoldNetworkError,
  RefoldNotFoundError,
  RefoldProviderError,
  RefoldRateLimitError,
  RefoldResponseTooLargeError,
  RefoldServerError,
  RefoldTimeoutError,
  createExecutor,
  type ActionKind,
  type ExecuteOptions,
} from "../../templates/runtime/index.js";
import {
  json,
  recordingSleep,
  refusedUrl,
  startServer,
  success,
  type Handler,
  type TestServer,
} from "./helpers/server.js";

const DEADLINE_MS = 2_000;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function run(
  handler: Handler | "refused",
  kind: ActionKind,
  extra: ExecuteOptions & { maxResponseBytes?: number } = {},
) {
  const baseUrl =
    handler === "refused" ? await refusedUrl() : (server = await startServer(handler)).url;
  const { sleep, delays } = recordingSleep();
  const { maxResponseBytes, ...callOptions } = extra;
  const executor = createExecutor({
    apiKey: "tk_sentinel_key",
    linkedAccountId: "acme",
    baseUrl,
    rateLimit: false,
    sleep,
    // Mid-range jitter: with Math.random a backoff can round down to 0 ms, which is not waited.
    random: () => 0.5,
    ...(maxResponseBytes === undefined ? {} : { maxResponseBytes }),
  });
  const started = Date.now();
  try {
    const value = await executor.execute(
      "hubspot",
      "create_contact",
      { email: "a@b.c" },
      {
        kind,
        timeoutMs: DEADLINE_MS,
        ...callOptions,
      },
    );
    return {
      value,
      error: undefined,
      elapsed: Date.now() - started,
      delays,
      count: server?.requests.length ?? 0,
    };
  } catch (error) {
    return {
      value: undefined,
      error: error as RefoldError,
      elapsed: Date.now() - started,
      delays,
      count: server?.requests.length ?? 0,
    };
  } finally {
    await executor.close();
  }
}

function expectError<T>(
  result: Awaited<ReturnType<typeof run>>,
  cls: abstract new (...args: never[]) => T,
  count: number,
): T {
  expect(result.error, `expected ${cls.name}`).toBeInstanceOf(cls);
  expect(result.count).toBe(count);
  expect(result.elapsed).toBeLessThan(DEADLINE_MS + 250);
  expect(result.error!.attempts).toBe(Math.max(count, result.error!.attempts));
  return result.error as T;
}

const reset: Handler = (req) => void req.socket.destroy();
const resetMidResponse: Handler = (req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
  res.write('{"node_status":"Success","data":{"id":');
  setTimeout(() => req.socket.destroy(), 10);
};
const status =
  (
    code: number,
    body: unknown = { status_code: code, error: "SERVER_ERROR", message: "boom" },
  ): Handler =>
  (_req, res) =>
    json(res, code, body);
const html502: Handler = (_req, res) => {
  res.writeHead(502, { "content-type": "text/html" });
  res.end(
    "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
  );
};

describe("fault matrix", () => {
  test("connection refused, read: retried, then RefoldNetworkError (never reached)", async () => {
    const r = await run("refused", "read");
    const e = expectError(r, RefoldNetworkError, 0);
    expect(e.attempts).toBe(3);
    expect(e.mayHaveSucceeded).toBe(false);
    expect(e.networkCode).toBe("ECONNREFUSED");
  });

  test("connection refused, write: retried too (provably never reached the server)", async () => {
    const r = await run("refused", "write");
    const e = expectError(r, RefoldNetworkError, 0);
    expect(e.attempts).toBe(3);
    expect(e.mayHaveSucceeded).toBe(false);
  });

  test("reset before response, read: retried 3 times", async () => {
    const e = expectError(await run(reset, "read"), RefoldNetworkError, 3);
    expect(e.attempts).toBe(3);
  });

  test("reset before response, write: not retried, mayHaveSucceeded", async () => {
    const e = expectError(await run(reset, "write"), RefoldNetworkError, 1);
    expect(e.mayHaveSucceeded).toBe(true);
    expect(e.attempts).toBe(1);
  });

  test("reset mid-response, read: retried", async () => {
    expectError(await run(resetMidResponse, "read"), RefoldNetworkError, 3);
  });

  test("reset mid-response, write: not retried, mayHaveSucceeded", async () => {
    const e = expectError(await run(resetMidResponse, "write"), RefoldNetworkError, 1);
    expect(e.mayHaveSucceeded).toBe(true);
  });

  for (const code of [500, 502, 503]) {
    test(`${code}, read: retried, then RefoldServerError`, async () => {
      const r = await run(status(code), "read");
      const e = expectError(r, RefoldServerError, 3);
      expect(e.status).toBe(code);
      expect(r.delays).toHaveLength(2);
    });

    test(`${code}, write: not retried, mayHaveSucceeded`, async () => {
      const e = expectError(await run(status(code), "write"), RefoldServerError, 1);
      expect(e.mayHaveSucceeded).toBe(true);
      expect(e.status).toBe(code);
    });
  }

  test("5xx on a write declared idempotent: retried like a read", async () => {
    expectError(await run(status(503), "write", { idempotent: true }), RefoldServerError, 3);
  });

  test("500 then success on a read: resolves after one retry", async () => {
    const r = await run(
      (_req, res, _rec, i) => (i === 0 ? json(res, 500, {}) : success(res, { ok: true })),
      "read",
    );
    expect(r.value).toEqual({ ok: true });
    expect(r.count).toBe(2);
  });

  for (const kind of ["read", "write"] as const) {
    test(`429 with Retry-After, ${kind}: waits Retry-After and retries`, async () => {
      const r = await run(
        (_req, res, _rec, i) =>
          i === 0
            ? json(
                res,
                429,
                { status_code: 429, error: "RATE_LIMITED", message: "slow down" },
                { "retry-after": "1" },
              )
            : success(res, { id: 7 }),
        kind,
      );
      expect(r.value).toEqual({ id: 7 });
      expect(r.count).toBe(2);
      expect(r.delays).toEqual([1000]);
    });

    test(`429 on every attempt, ${kind}: RefoldRateLimitError with retryAfterMs`, async () => {
      const r = await run(
        status(429, { status_code: 429, error: "RATE_LIMITED", message: "slow down" }),
        kind,
        {
          retries: 1,
        },
      );
      const e = expectError(r, RefoldRateLimitError, 2);
      expect(e.retryAfterMs).toBeUndefined();
      expect(e.mayHaveSucceeded).toBe(false);
    });
  }

  test("429 whose Retry-After passes the deadline: fails at once without waiting", async () => {
    const r = await run(
      (_req, res) =>
        json(res, 429, { status_code: 429, message: "later" }, { "retry-after": "10" }),
      "read",
      { timeoutMs: 5_000 },
    );
    const e = expectError(r, RefoldRateLimitError, 1);
    expect(e.retryAfterMs).toBe(10_000);
    expect(r.delays).toEqual([]);
  });

  test("slow response past the deadline: RefoldTimeoutError after one attempt", async () => {
    const r = await run(() => undefined, "read", { timeoutMs: 200 });
    const e = expectError(r, RefoldTimeoutError, 1);
    expect(r.elapsed).toBeGreaterThanOrEqual(190);
    expect(r.elapsed).toBeLessThan(600);
    expect(e.mayHaveSucceeded).toBe(true);
  });

  test("abort via signal: RefoldAbortError", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const r = await run(() => undefined, "write", { signal: controller.signal });
    const e = expectError(r, RefoldAbortError, 1);
    expect(r.elapsed).toBeLessThan(500);
    expect(e.mayHaveSucceeded).toBe(true);
  });

  test("already-aborted signal: nothing is sent", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await run((_req, res) => success(res, 1), "read", { signal: controller.signal });
    expectError(r, RefoldAbortError, 0);
  });

  test("HTML 502 page, read: retried, message names status, content type and first bytes", async () => {
    const e = expectError(await run(html502, "read"), RefoldServerError, 3);
    expect(e.message).toContain("502");
    expect(e.message).toContain("text/html");
    expect(e.message).toContain("<title>502 Bad Gateway</title>");
  });

  test("HTML 502 page, write: not retried", async () => {
    expectError(await run(html502, "write"), RefoldServerError, 1);
  });

  test("HTML page with HTTP 200: RefoldInvalidResponseError", async () => {
    const r = await run((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><p>login</p>");
    }, "read");
    const e = expectError(r, RefoldInvalidResponseError, 1);
    expect(e.message).toContain("text/html");
    expect(e.message).toContain("<!doctype html>");
  });

  test("truncated JSON in a 200: RefoldInvalidResponseError, not retried", async () => {
    const r = await run((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"node_status":"Success","data":{"id":');
    }, "read");
    const e = expectError(r, RefoldInvalidResponseError, 1);
    expect(e.message).toContain("not JSON");
    expect(e.mayHaveSucceeded).toBe(true);
  });

  test("empty body in a 200: RefoldInvalidResponseError", async () => {
    const e = expectError(
      await run((_req, res) => void res.end(), "write"),
      RefoldInvalidResponseError,
      1,
    );
    expect(e.message).toContain("empty body");
  });

  test('node_status "Failed" in a 200: RefoldProviderError with provider status and data', async () => {
    const r = await run(
      (_req, res) =>
        json(res, 200, {
          node_status: "Failed",
          http_status: 409,
          data: { message: "Contact already exists" },
        }),
      "write",
    );
    const e = expectError(r, RefoldProviderError, 1);
    expect(e.nodeStatus).toBe("Failed");
    expect(e.providerStatus).toBe(409);
    expect(e.providerData).toEqual({ message: "Contact already exists" });
  });

  test("http_status >= 400 with node_status Success: RefoldProviderError", async () => {
    const r = await run(
      (_req, res) => json(res, 200, { node_status: "Success", http_status: 422, data: {} }),
      "write",
    );
    expect(expectError(r, RefoldProviderError, 1).providerStatus).toBe(422);
  });

  test("success:false in a 200: RefoldProviderError", async () => {
    expectError(
      await run((_req, res) => json(res, 200, { success: false, data: { error: "x" } }), "read"),
      RefoldProviderError,
      1,
    );
  });

  const notFound: Array<[string, unknown, string]> = [
    [
      "app",
      {
        status_code: 404,
        http_error_type: "Not Found",
        error: "NOT_FOUND",
        message: "Integration slug not found",
      },
      "app",
    ],
    [
      "app (app_type form)",
      { status_code: 404, message: "Application app_type 'hubspotx' not found" },
      "app",
    ],
    [
      "action",
      {
        status_code: 404,
        error: "NOT_FOUND",
        message: "Action not found for the specified slug and action_id",
      },
      "action",
    ],
    [
      "action (second form)",
      { status_code: 404, message: "Action create_contactx not found in Application hubspot" },
      "action",
    ],
    [
      "linked account",
      {
        status_code: 404,
        error_code: "LINKED_ACCOUNT_NOT_FOUND",
        message: "Linked account not found",
      },
      "linked_account",
    ],
  ];
  for (const [name, body, resource] of notFound) {
    test(`404 unknown ${name}: RefoldNotFoundError(resource=${resource})`, async () => {
      const e = expectError(await run(status(404, body), "read"), RefoldNotFoundError, 1);
      expect(e.resource).toBe(resource);
      expect(e.status).toBe(404);
    });
  }

  test("401: RefoldAuthenticationError with server code and request id", async () => {
    const r = await run(
      status(401, {
        status_code: 401,
        http_error_type: "Unauthorized",
        error: "UNAUTHORIZED",
        message: "Invalid API key",
        request_id: "req_1",
      }),
      "read",
    );
    const e = expectError(r, RefoldAuthenticationError, 1);
    expect(e.serverCode).toBe("UNAUTHORIZED");
    expect(e.requestId).toBe("req_1");
    expect(e.httpErrorType).toBe("Unauthorized");
  });

  test("403: RefoldAuthenticationError", async () => {
    expectError(
      await run(status(403, { status_code: 403, message: "Forbidden" }), "write"),
      RefoldAuthenticationError,
      1,
    );
  });

  test("expired connection (reauth_required): RefoldConnectionExpiredError", async () => {
    const r = await run(
      (_req, res) =>
        json(res, 200, {
          node_status: "Failed",
          http_status: 401,
          data: { reauth_required: true, message: "token expired" },
        }),
      "read",
    );
    const e = expectError(r, RefoldConnectionExpiredError, 1);
    expect(e.code).toBe("connection_expired");
  });

  test("expired connection as an error envelope: RefoldConnectionExpiredError", async () => {
    const r = await run(
      status(400, {
        status_code: 400,
        error: "CONNECTION_EXPIRED",
        message: "The linked account is not connected to hubspot",
      }),
      "write",
    );
    expectError(r, RefoldConnectionExpiredError, 1);
  });

  test("oversized body with content-length: RefoldResponseTooLargeError", async () => {
    const r = await run((_req, res) => success(res, "x".repeat(5_000)), "read", {
      maxResponseBytes: 1_000,
    });
    const e = expectError(r, RefoldResponseTooLargeError, 1);
    expect(e.limitBytes).toBe(1_000);
  });

  test("oversized chunked body: RefoldResponseTooLargeError, stream cut", async () => {
    const r = await run(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        const timer = setInterval(() => {
          if (!res.write("x".repeat(1024))) return;
        }, 1);
        res.on("close", () => clearInterval(timer));
      },
      "read",
      { maxResponseBytes: 10_000 },
    );
    expectError(r, RefoldResponseTooLargeError, 1);
  });
});
