// Session-token mode: mint per linked account, cache, single-flight, refresh before expiry, and
// refresh exactly once on a 401.
import { afterEach, describe, expect, test } from "vitest";
import { RefoldAuthenticationError, createExecutor } from "../../templates/runtime/index.js";
import { json, startServer, success, type TestServer } from "./helpers/server.js";

let server: TestServer;
afterEach(() => server?.close());

const MINT = "/api/v2/public/session-token";

async function tokenServer(opts: { expiresIn?: number; reject?: (token: string) => boolean } = {}) {
  let minted = 0;
  server = await startServer((req, res, rec) => {
    if (req.url === MINT) {
      const { linked_account_id } = JSON.parse(rec.body) as { linked_account_id: string };
      minted++;
      return json(res, 200, {
        token: `tok_${linked_account_id}_${minted}`,
        refresh_token: "r",
        expires_in: opts.expiresIn ?? 3600,
        refresh_expires_in: 7200,
      });
    }
    const auth = String(req.headers["authorization"] ?? "");
    if (opts.reject?.(auth.slice(7)))
      return json(res, 401, { status_code: 401, message: "token expired" });
    success(res, { auth });
  });
  return { minted: () => minted };
}

const mintRequests = () => server.requests.filter((r) => r.url === MINT);

describe("session tokens", () => {
  test("mints once per account (concurrent calls share the mint), caches, sends Bearer", async () => {
    const t = await tokenServer();
    const executor = createExecutor({
      apiKey: "pk_key",
      sessionTokens: true,
      baseUrl: server.url,
      rateLimit: false,
    });
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        executor.execute("a", "b", {}, { linkedAccountId: "acme", kind: "read" }),
      ),
      ...Array.from({ length: 10 }, () =>
        executor.execute("a", "b", {}, { linkedAccountId: "globex", kind: "read" }),
      ),
    ]);
    expect(t.minted()).toBe(2);
    expect(new Set(results.slice(0, 10).map((r: { auth: string }) => r.auth))).toEqual(
      new Set([expect.stringMatching(/^Bearer tok_acme_/)]),
    );
    expect(results[10]).toEqual({ auth: expect.stringMatching(/^Bearer tok_globex_/) });
    const mints = mintRequests();
    expect(mints[0]!.method).toBe("POST");
    expect(mints[0]!.headers["x-api-key"]).toBe("pk_key");
    const executes = server.requests.filter((r) => r.url !== MINT);
    for (const r of executes) {
      expect(r.headers["x-api-key"]).toBeUndefined();
      expect(r.headers["linked_account_id"]).toBeUndefined();
    }
    await executor.execute("a", "b", {}, { linkedAccountId: "acme" });
    expect(t.minted()).toBe(2);
    await executor.close();
  });

  test("refreshes before expiry (injected clock)", async () => {
    const t = await tokenServer({ expiresIn: 600 });
    let now = 1_000_000;
    const executor = createExecutor({
      apiKey: "k",
      sessionTokens: true,
      baseUrl: server.url,
      rateLimit: false,
      now: () => now,
    });
    await executor.execute("a", "b", {}, { linkedAccountId: "acme" });
    now += 500_000; // 100 s left: still inside the 60 s margin? no, still fresh
    await executor.execute("a", "b", {}, { linkedAccountId: "acme" });
    expect(t.minted()).toBe(1);
    now += 50_000; // 50 s left < 60 s margin: refresh
    const result = (await executor.execute("a", "b", {}, { linkedAccountId: "acme" })) as {
      auth: string;
    };
    expect(t.minted()).toBe(2);
    expect(result.auth).toBe("Bearer tok_acme_2");
    await executor.close();
  });

  test("a 401 invalidates the token and retries once with a fresh one (even for writes)", async () => {
    const t = await tokenServer({ reject: (token) => token.endsWith("_1") });
    const executor = createExecutor({
      apiKey: "k",
      sessionTokens: true,
      baseUrl: server.url,
      rateLimit: false,
      retries: 0,
    });
    const result = (await executor.execute(
      "a",
      "b",
      {},
      { linkedAccountId: "acme", kind: "write" },
    )) as { auth: string };
    expect(result.auth).toBe("Bearer tok_acme_2");
    expect(t.minted()).toBe(2);
    expect(server.requests.filter((r) => r.url !== MINT)).toHaveLength(2);
    await executor.close();
  });

  test("a second 401 is final: RefoldAuthenticationError, exactly one refresh", async () => {
    const t = await tokenServer({ reject: () => true });
    const executor = createExecutor({
      apiKey: "k",
      sessionTokens: true,
      baseUrl: server.url,
      rateLimit: false,
    });
    const error = await executor
      .execute("a", "b", {}, { linkedAccountId: "acme", kind: "read" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldAuthenticationError);
    expect(t.minted()).toBe(2);
    expect(server.requests.filter((r) => r.url !== MINT)).toHaveLength(2);
    await executor.close();
  });

  test("mint failure surfaces as a typed error; a later call mints again", async () => {
    let fail = true;
    server = await startServer((req, res) => {
      if (req.url === MINT)
        return fail
          ? json(res, 403, { status_code: 403, message: "bad key" })
          : json(res, 200, { token: "tok_ok" });
      success(res, String(req.headers["authorization"]));
    });
    const executor = createExecutor({
      apiKey: "k",
      sessionTokens: true,
      baseUrl: server.url,
      rateLimit: false,
    });
    await expect(
      executor.execute("a", "b", {}, { linkedAccountId: "acme" }),
    ).rejects.toBeInstanceOf(RefoldAuthenticationError);
    fail = false;
    expect(await executor.execute("a", "b", {}, { linkedAccountId: "acme" })).toBe("Bearer tok_ok");
    await executor.close();
  });

  test("static session token: no mint, Bearer on every call", async () => {
    await tokenServer();
    const executor = createExecutor({
      sessionToken: "sess_static",
      baseUrl: server.url,
      rateLimit: false,
    });
    expect(await executor.execute("a", "b", {})).toEqual({ auth: "Bearer sess_static" });
    expect(mintRequests()).toHaveLength(0);
    await executor.close();
  });
});
