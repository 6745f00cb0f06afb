// Sentinel-key redaction: no error path and no hook ever exposes the API key or a session token,
// in message, cause, JSON.stringify or util.inspect — even when the server echoes them back.
import { inspect } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import {
  RefoldError,
  RefoldProviderError,
  createExecutor,
  scrubValue,
  type ClientOptions,
  type ExecuteOptions,
} from "../../templates/runtime/index.js";
import { json, refusedUrl, startServer, type Handler, type TestServer } from "./helpers/server.js";

const KEY = "pk_live_SENTINEL_4f9a2c7e1b";
const TOKEN = "sess_SENTINEL_TOKEN_88d1e0";
const MINTED = "minted_SENTINEL_77aa21";
let SECRETS = [KEY, TOKEN, MINTED];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hookDump: string[] = [];
const hooks: ClientOptions["hooks"] = {
  onRequest: (e) =>
    void hookDump.push(JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })),
  onResponse: (e) =>
    void hookDump.push(JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })),
  onError: (e) =>
    void hookDump.push(inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e.error)),
};

function dump(error: unknown): string {
  const parts = [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
  let cause = (error as { cause?: unknown }).cause;
  while (cause !== undefined && cause !== null) {
    parts.push(
      String(cause),
      JSON.stringify(cause),
      inspect(cause, { depth: 10, showHidden: true }),
    );
    cause = (cause as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

function assertClean(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const echo =
  (status: number, contentType = "application/json"): Handler =>
  (req, res) => {
    const headers = JSON.stringify(req.headers);
    const body =
      contentType === "application/json"
        ? JSON.stringify({
            status_code: status,
            error: `BAD ${headers}`,
            message: `echo ${headers}`,
            request_id: `r ${KEY}`,
          })
        : `<html>${headers}</html>`;
    res.writeHead(status, { "content-type": contentType, "x-request-id": `id-${KEY}` });
    res.end(body);
  };

type Case = [string, Handler | "refused", ExecuteOptions?, Partial<ClientOptions>?];
const cases: Case[] = [
  ["400 echo", echo(400)],
  ["401 echo", echo(401)],
  ["403 echo", echo(403)],
  ["404 echo", echo(404)],
  ["409 echo", echo(409)],
  ["429 echo", echo(429)],
  ["500 echo", echo(500)],
  ["502 html echo", echo(502, "text/html")],
  ["200 html echo", echo(200, "text/html")],
  [
    "200 failed with echoed data",
    (req, res) =>
      json(res, 200, {
        node_status: "Failed",
        http_status: 400,
        message: KEY,
        data: { headers: req.headers, [KEY]: [KEY] },
      }),
  ],
  [
    "200 expired connection",
    (req, res) =>
      json(res, 200, {
        node_status: "Failed",
        http_status: 401,
        data: { reauth_required: true, h: req.headers },
      }),
  ],
  ["200 not an envelope", (req, res) => json(res, 200, { headers: req.headers })],
  ["truncated json", (req, res) => void res.end(`{"k":"${String(req.headers["x-api-key"])}`)],
  [
    "too large",
    (req, res) => json(res, 200, { data: String(req.headers["x-api-key"]).repeat(100) }),
    {},
    { maxResponseBytes: 100 },
  ],
  ["timeout", () => undefined, { timeoutMs: 100 }],
  ["reset", (req) => void req.socket.destroy()],
  ["abort", () => undefined, { signal: AbortSignal.timeout(50) }],
  ["refused", "refused"],
];

describe("secrets never leak", () => {
  for (const [name, handler, callOptions, clientOptions] of cases) {
    for (const mode of ["apiKey", "sessionToken"] as const) {
      test(`${name} (${mode})`, async () => {
        const baseUrl =
          handler === "refused" ? await refusedUrl() : (server = await startServer(handler)).url;
        const auth = mode === "apiKey" ? { apiKey: KEY } : { sessionToken: TOKEN };
        // Only what the client was given is its secret to keep.
        SECRETS = mode === "apiKey" ? [KEY] : [TOKEN];
        const executor = createExecutor({
          ...auth,
          baseUrl,
          linkedAccountId: "acme",
          rateLimit: false,
          retries: 1,
          sleep: async () => undefined,
          hooks,
          ...clientOptions,
        });
        hookDump.length = 0;
        const error = await executor
          .execute("hubspot", "get_contact", { q: 1 }, { kind: "read", ...callOptions })
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        await executor.close();
        expect(error).toBeInstanceOf(RefoldError);
        assertClean(dump(error));
        assertClean(hookDump.join("\n"));
        if (handler !== "refused" && name !== "abort") expect(hookDump.length).toBeGreaterThan(0);
      });
    }
  }

  test("client-side errors (no account, bad params, bad header) stay clean", async () => {
    SECRETS = [KEY, TOKEN, MINTED];
    const executor = createExecutor({
      apiKey: KEY,
      baseUrl: "http://127.0.0.1:9",
      rateLimit: false,
      hooks,
    });
    const cyclic: Record<string, unknown> = { key: KEY };
    cyclic.self = cyclic;
    const errors = await Promise.all([
      executor.execute("a", "b", {}).catch((e: unknown) => e),
      executor.execute("a", "b", cyclic, { linkedAccountId: "x" }).catch((e: unknown) => e),
      executor.execute("a", "b", {}, { linkedAccountId: `bad\n${KEY}` }).catch((e: unknown) => e),
    ]);
    await executor.close();
    for (const error of errors) {
      expect(error).toBeInstanceOf(RefoldError);
      assertClean(dump(error));
    }
  });

  test("minted tokens and the key are scrubbed when the mint endpoint or execute echoes them", async () => {
    SECRETS = [KEY, TOKEN, MINTED];
    server = await startServer((req, res) => {
      if (req.url === "/api/v2/public/session-token")
        return json(res, 200, { token: MINTED, expires_in: 3600 });
      return echo(401)(req, res, undefined as never, 0);
    });
    const executor = createExecutor({
      apiKey: KEY,
      sessionTokens: true,
      baseUrl: server.url,
      linkedAccountId: "acme",
      rateLimit: false,
      hooks,
    });
    hookDump.length = 0;
    const error = await executor.execute("hubspot", "get_contact", {}).catch((e: unknown) => e);
    await executor.close();
    expect(error).toBeInstanceOf(RefoldError);
    assertClean(dump(error));
    assertClean(hookDump.join("\n"));

    server.requests.length = 0;
    await server.close();
    server = await startServer(echo(403));
    const minting = createExecutor({
      apiKey: KEY,
      sessionTokens: true,
      baseUrl: server.url,
      linkedAccountId: "acme",
      rateLimit: false,
    });
    const mintError = await minting.execute("hubspot", "get_contact", {}).catch((e: unknown) => e);
    await minting.close();
    expect(mintError).toBeInstanceOf(RefoldError);
    assertClean(dump(mintError));
  });

  test("the check itself works: a raw echo does contain the key", async () => {
    server = await startServer(echo(400));
    const res = await fetch(`${server.url}/x`, { method: "POST", headers: { "x-api-key": KEY } });
    expect(await res.text()).toContain(KEY);
  });
});

describe("scrubbing has no depth cut-off, and kept provider data is bounded", () => {
  const nest = (depth: number, leaf: unknown): unknown => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = { next: value };
    return value;
  };

  test("scrubValue reaches a secret 100 levels down (no 64-level cut-off)", () => {
    const text = JSON.stringify(scrubValue(nest(100, `x ${KEY} y`), [KEY]));
    expect(text).not.toContain(KEY);
    expect(text).toContain("[REDACTED]");
  });

  test("scrubValue copies a 200,000-level value without overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}"${KEY}"${"]".repeat(200_000)}`) as unknown;
    expect(() => scrubValue(deep, [KEY])).not.toThrow();
  });

  test("a 200,000-level provider payload: the error stays serializable, bounded and clean", () => {
    const deep = JSON.parse(`${"[".repeat(200_000)}"${KEY}"${"]".repeat(200_000)}`) as unknown;
    const error = new RefoldProviderError("rejected", {
      providerData: { deep, wide: Array.from({ length: 50_000 }, () => KEY), key: KEY },
      nodeStatus: `Failed ${KEY}`,
      secrets: [KEY],
    });
    const json = JSON.stringify(error);
    expect(json).not.toContain(KEY);
    expect(json.length).toBeLessThan(1_000_000);
    expect(json).toContain("[truncated");
    expect(error.nodeStatus).toBe("Failed [REDACTED]");
    expect(inspect(error, { showHidden: true, depth: null })).not.toContain(KEY);
  });

  test("cycles and non-JSON values become strings, so the copy always serializes", () => {
    const cyclic: Record<string, unknown> = { big: 10n, fn: () => KEY, sym: Symbol(KEY) };
    cyclic["self"] = cyclic;
    const copy = scrubValue(cyclic, [KEY]);
    expect(() => JSON.stringify(copy)).not.toThrow();
    expect(JSON.stringify(copy)).not.toContain(KEY);
  });
});
