// Session-token mint inside the call (issue 11 items 1, 2, 6; issue 10 item 5): the mint runs in
// the call's deadline and signal, its failure is the action's error with the mint as cause,
// mayHaveSucceeded only from the execute itself, hooks see every attempt, and a token rotated
// while a call was in flight never appears in that call's error.
import { inspect } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import {
  RefoldAbortError,
  RefoldAuthenticationError,
  RefoldError,
  RefoldNotFoundError,
  RefoldServerError,
  RefoldTimeoutError,
  createExecutor,
  type ErrorEvent,
  type RequestEvent,
  type ResponseEvent,
} from "../../templates/runtime/index.js";
import { json, startServer, success, type Handler, type TestServer } from "./helpers/server.js";

const KEY = "pk_live_MINT_3e8d1a90bb";
const MINT = "/api/v2/public/session-token";
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(url: string, extra: Record<string, unknown> = {}) {
  return createExecutor({
    apiKey: KEY,
    sessionTokens: true,
    baseUrl: url,
    linkedAccountId: "acme",
    rateLimit: false,
    timeoutMs: 4_000,
    backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
}

const executes = () => server!.requests.filter((r) => r.url !== MINT).length;
const mints = () => server!.requests.filter((r) => r.url === MINT).length;

async function failing(promise: Promise<unknown>): Promise<{ error: RefoldError; ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RefoldError);
  return { error: error as RefoldError, ms: performance.now() - started };
}

describe("the mint runs inside the call", () => {
  test("a hanging mint ends at the call's timeoutMs, as the action's timeout, nothing executed", async () => {
    server = await startServer((req, res) => (req.url === MINT ? undefined : success(res, 1)));
    const executor = client(server.url, { attemptTimeoutMs: 10_000 });
    const { error, ms } = await failing(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 500 }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(ms).toBeLessThan(750);
    expect(error).toMatchObject({
      slug: "hubspot",
      actionId: "create_contact",
      mayHaveSucceeded: false,
    });
    expect(error.message).toMatch(
      /^Refold call hubspot\/create_contact could not get a session token/,
    );
    expect(error.cause).toBeInstanceOf(Error);
    expect(String((error.cause as Error).message)).toContain("session-token/mint");
    expect(executes()).toBe(0);
  });

  test("an abort during the mint ends the call at once as RefoldAbortError", async () => {
    server = await startServer((req, res) => (req.url === MINT ? undefined : success(res, 1)));
    const executor = client(server.url);
    const { error, ms } = await failing(
      executor.execute(
        "hubspot",
        "create_contact",
        {},
        { kind: "write", signal: AbortSignal.timeout(200) },
      ),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldAbortError);
    expect(ms).toBeLessThan(450);
    expect(error).toMatchObject({ actionId: "create_contact", mayHaveSucceeded: false });
  });

  test("a call waiting for another call's mint still ends at its own deadline", async () => {
    server = await startServer((req, res) => (req.url === MINT ? undefined : success(res, 1)));
    const executor = client(server.url, { attemptTimeoutMs: 10_000 });
    const long = executor.execute("hubspot", "get_contact", {}, { kind: "read", timeoutMs: 1_000 });
    const { error, ms } = await failing(
      executor.execute("hubspot", "create_contact", {}, { kind: "write", timeoutMs: 300 }),
    );
    expect(error).toBeInstanceOf(RefoldTimeoutError);
    expect(ms).toBeLessThan(550);
    expect(error).toMatchObject({ actionId: "create_contact", mayHaveSucceeded: false });
    expect(mints()).toBe(1);
    await long.catch(() => undefined);
    await executor.close();
  });

  test("503 at the mint: retried like a read, then RefoldServerError for the action, mayHaveSucceeded false", async () => {
    server = await startServer((req, res) =>
      req.url === MINT
        ? json(res, 503, { status_code: 503, error: "SERVER_ERROR", message: "down" })
        : success(res, 1),
    );
    const executor = client(server.url, { retries: 2 });
    const { error } = await failing(
      executor.execute("hubspot", "create_contact", {}, { kind: "write" }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldServerError);
    expect(error).toMatchObject({
      slug: "hubspot",
      actionId: "create_contact",
      status: 503,
      mayHaveSucceeded: false,
    });
    expect(mints()).toBe(3);
    expect(executes()).toBe(0);
  });

  const unknownAccount: [string, Handler][] = [
    [
      "400 INVALID_LINKED_ACCOUNT_ID (newer docs)",
      (_req, res) =>
        json(res, 400, {
          status_code: 400,
          http_error_type: "BAD_REQUEST",
          error: "INVALID_LINKED_ACCOUNT_ID",
          message: "Invalid linked account id",
        }),
    ],
    [
      "400 error_code INVALID_LINKED_ACCOUNT_ID",
      (_req, res) => json(res, 400, { status_code: 400, error_code: "INVALID_LINKED_ACCOUNT_ID" }),
    ],
    [
      '500 "No linked account found" (older docs)',
      (_req, res) =>
        json(res, 500, { status_code: 500, message: "No linked account found for id acme" }),
    ],
  ];
  for (const [name, mintAnswer] of unknownAccount) {
    test(`unknown linked account at mint, ${name}: RefoldNotFoundError(linked_account), not retried`, async () => {
      server = await startServer((req, res, recorded, i) =>
        req.url === MINT ? mintAnswer(req, res, recorded, i) : success(res, 1),
      );
      const executor = client(server.url, { retries: 2 });
      const { error } = await failing(
        executor.execute("hubspot", "create_contact", {}, { kind: "write" }),
      );
      await executor.close();
      expect(error).toBeInstanceOf(RefoldNotFoundError);
      expect(error).toMatchObject({
        resource: "linked_account",
        actionId: "create_contact",
        mayHaveSucceeded: false,
        code: "not_found",
      });
      expect(mints()).toBe(1);
      expect(executes()).toBe(0);
    });
  }
});

describe("hooks see every attempt", () => {
  test("the mint attempts and the 401 that triggers a refresh are reported", async () => {
    let minted = 0;
    server = await startServer((req, res, _r, i) => {
      if (req.url === MINT)
        return json(res, 200, { token: `tok_${++minted}_hooks`, expires_in: 3600 });
      // The first execute is refused (token revoked early); the retry with a new token succeeds.
      if (i === 1)
        return json(res, 401, { status_code: 401, error: "UNAUTHORIZED", message: "revoked" });
      return success(res, { ok: true });
    });
    const events: string[] = [];
    const record = (type: string) => (e: RequestEvent | ResponseEvent | ErrorEvent) =>
      void events.push(
        `${type} ${e.purpose} #${e.attempt}${"status" in e ? ` ${e.status}` : ""}${"willRetry" in e ? ` willRetry=${e.willRetry}` : ""}`,
      );
    const executor = client(server.url, {
      hooks: {
        onRequest: record("request"),
        onResponse: record("response"),
        onError: record("error"),
      },
    });
    expect(await executor.execute("hubspot", "create_contact", {}, { kind: "write" })).toEqual({
      ok: true,
    });
    await executor.close();
    expect(events).toEqual([
      "request session-token #1",
      "response session-token #1 200",
      "request execute #1",
      "response execute #1 401",
      "error execute #1 willRetry=true",
      "request session-token #1",
      "response session-token #1 200",
      "request execute #2",
      "response execute #2 200",
    ]);
  });
});

describe("a rotated token never leaks", () => {
  test("a call in flight with token #1 when #1 is replaced: its error holds neither token", async () => {
    let minted = 0;
    let release: (() => void) | undefined;
    server = await startServer((req, res) => {
      if (req.url === MINT)
        return json(res, 200, {
          token: `tok_${++minted}_ROTATED_${"z".repeat(8)}`,
          expires_in: 3600,
        });
      const auth = String(req.headers["authorization"]);
      const echo = { status_code: 500, error: "SERVER_ERROR", message: `saw ${auth}` };
      if (req.url?.includes("slow_action")) {
        // Held until the token was rotated, then answered with an echo of token #1.
        release = () => json(res, 500, echo);
        return;
      }
      if (auth.includes("tok_1_")) return json(res, 401, echo);
      return success(res, 1);
    });
    const hookText: string[] = [];
    const executor = client(server.url, {
      retries: 0,
      hooks: {
        onError: (e: ErrorEvent) =>
          void hookText.push(
            inspect(e, { showHidden: true, depth: null }),
            JSON.stringify(e.error),
          ),
      },
    });
    const slow = executor
      .execute("hubspot", "slow_action", {}, { kind: "write" })
      .catch((e: unknown) => e);
    while (release === undefined) await new Promise((r) => setTimeout(r, 5));
    // Another call gets 401 with token #1: the client drops it and mints token #2.
    expect(await executor.execute("hubspot", "fast_action", {}, { kind: "read" })).toBe(1);
    expect(minted).toBe(2);
    release();
    const error = (await slow) as RefoldError;
    await executor.close();
    expect(error).toBeInstanceOf(RefoldServerError);
    const text = [
      error.message,
      String(error.stack),
      JSON.stringify(error),
      inspect(error, { showHidden: true, depth: null }),
      ...hookText,
    ].join("\n");
    expect(text).toContain("Bearer [REDACTED]");
    expect(text).not.toMatch(/tok_\d+_ROTATED/);
  });

  test("a second 401 is final: RefoldAuthenticationError, one refresh", async () => {
    server = await startServer((req, res) =>
      req.url === MINT
        ? json(res, 200, { token: `tok_${Math.random()}_x`, expires_in: 3600 })
        : json(res, 401, { status_code: 401, error: "UNAUTHORIZED", message: "no" }),
    );
    const executor = client(server.url);
    const { error } = await failing(
      executor.execute("hubspot", "create_contact", {}, { kind: "write" }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldAuthenticationError);
    expect(error.message).toContain("the minted session token was rejected");
    expect(mints()).toBe(2);
    expect(executes()).toBe(2);
  });
});

describe("a 401 says which credential was refused", () => {
  const refuse: Handler = (_req, res) =>
    json(res, 401, { status_code: 401, error: "UNAUTHORIZED", message: "no" });
  test.each([
    [{ apiKey: KEY }, "the API key was rejected"],
    [{ sessionToken: "sess_static_401" }, "the session token was rejected"],
  ])("%o → %s", async (auth, says) => {
    server = await startServer(refuse);
    const executor = createExecutor({
      ...auth,
      baseUrl: server.url,
      linkedAccountId: "acme",
      rateLimit: false,
    });
    const { error } = await failing(
      executor.execute("hubspot", "get_contact", {}, { kind: "read" }),
    );
    await executor.close();
    expect(error).toBeInstanceOf(RefoldAuthenticationError);
    expect(error.message).toContain(says);
  });
});
