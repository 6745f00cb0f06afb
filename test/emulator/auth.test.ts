import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManualClock, DEFAULT_REVOKED_KEY, type Emulator } from "../../emulator/server.js";
import { call, envelope, execute, start } from "./helpers.js";

const clock = createManualClock();
let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({
    now: clock.now,
    sessionTokens: { ttlSeconds: 60, refreshTtlSeconds: 600 },
  });
});
afterAll(() => emulator.close());

const APPS = "/api/v2/public/application";

async function mint(account: string, key = emulator.apiKey) {
  return call(emulator, "/api/v2/public/session-token", {
    auth: false,
    headers: { "x-api-key": key },
    body: { linked_account_id: account },
  });
}

describe("API key auth", () => {
  it("accepts the test key with a linked account", async () => {
    expect((await call(emulator, APPS)).status).toBe(200);
  });

  it("401 for a missing or wrong key, 403 for a revoked one, never echoing the key", async () => {
    const missing = envelope(
      await call(emulator, APPS, { auth: false, headers: { linked_account_id: "acme" } }),
      401,
    );
    expect(missing.message).toMatch(/Missing API key/);
    const wrong = await call(emulator, APPS, { headers: { "x-api-key": "tk_wrong_sentinel_123" } });
    expect(envelope(wrong, 401)).toMatchObject({
      http_error_type: "UNAUTHORIZED",
      error_code: "UNAUTHORIZED",
      message: "Invalid API key",
    });
    expect(wrong.text).not.toContain("tk_wrong_sentinel_123");
    const revoked = await call(emulator, APPS, { headers: { "x-api-key": DEFAULT_REVOKED_KEY } });
    expect(envelope(revoked, 403).message).toMatch(/revoked/);
    envelope(
      await execute(emulator, "slack", "list_channels", {}, { headers: { "x-api-key": "nope" } }),
      401,
    );
  });

  it("accepts configured keys only", async () => {
    const custom = await start({ apiKeys: ["pk_live_custom"] });
    try {
      expect(
        (await call(custom, APPS, { headers: { "x-api-key": "pk_live_custom" } })).status,
      ).toBe(200);
      envelope(await call(custom, APPS), 401);
    } finally {
      await custom.close();
    }
  });

  it("rejects an Authorization header that is not Bearer", async () => {
    envelope(
      await call(emulator, APPS, {
        auth: false,
        headers: { authorization: "Basic abc", linked_account_id: "acme" },
      }),
      401,
    );
  });
});

describe("session tokens", () => {
  it("mints a documented token pair; the token replaces both headers and carries the account", async () => {
    const minted = await mint("globex");
    expect(minted.status).toBe(200);
    expect(Object.keys(minted.json).sort()).toEqual([
      "expires_in",
      "refresh_expires_in",
      "refresh_token",
      "token",
    ]);
    expect(minted.json.expires_in).toBe(60);
    const actions = await call(emulator, "/api/v2/integration-schema/acme_backend/actions", {
      auth: { bearer: minted.json.token },
    });
    expect(actions.json.map((a: any) => a.action_id)).toContain("sync_renewal_date");
    expect(emulator.requests.at(-1)).toMatchObject({
      auth: "session-token",
      linkedAccountId: "globex",
    });
    expect(emulator.requests.at(-1)!.headers.authorization).toBe("[REDACTED]");
  });

  it("expires on the clock, refreshes with the refresh token (spent once used)", async () => {
    const minted = (await mint("acme")).json;
    const bearer = { bearer: minted.token };
    expect((await call(emulator, APPS, { auth: bearer })).status).toBe(200);
    clock.advance(60_000);
    expect(envelope(await call(emulator, APPS, { auth: bearer }), 401).message).toBe(
      "Session token expired",
    );
    const refreshed = await call(emulator, "/api/v2/public/session-token", {
      auth: false,
      body: { refresh_token: minted.refresh_token },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.token).not.toBe(minted.token);
    expect((await call(emulator, APPS, { auth: { bearer: refreshed.json.token } })).status).toBe(
      200,
    );
    const again = await call(emulator, "/api/v2/public/session-token", {
      auth: false,
      body: { refresh_token: minted.refresh_token },
    });
    expect(envelope(again, 401).message).toBe("Invalid refresh token");
  });

  it("expireSessionTokens() and unknown tokens → 401", async () => {
    const token = emulator.mintSessionToken("acme").token;
    expect((await call(emulator, APPS, { auth: { bearer: token } })).status).toBe(200);
    emulator.expireSessionTokens();
    envelope(await call(emulator, APPS, { auth: { bearer: token } }), 401);
    expect(
      envelope(await call(emulator, APPS, { auth: { bearer: "st_forged" } }), 401).message,
    ).toBe("Invalid session token");
  });

  it("minting needs a valid key, a linked_account_id and a known account", async () => {
    envelope(await mint("acme", "tk_bad"), 401);
    const missing = await call(emulator, "/api/v2/public/session-token", {
      auth: false,
      headers: { "x-api-key": emulator.apiKey },
      body: {},
    });
    expect(envelope(missing, 400)).toMatchObject({
      error_code: "VALIDATION_ERROR",
      message: "Required parameter 'linked_account_id' is missing",
    });
    // Unknown linked account: nothing is executed; newer docs 400, older docs 500.
    const unknown = envelope(await mint("umbrella"), 400);
    expect(unknown).toMatchObject({
      http_error_type: "BAD_REQUEST",
      error: "INVALID_LINKED_ACCOUNT_ID",
    });
    expect(unknown.message).toContain("'umbrella'");
    emulator.settings.unknownAccountMint = 500;
    try {
      expect(envelope(await mint("umbrella"), 500).message).toMatch(/^No linked account found/);
    } finally {
      emulator.settings.unknownAccountMint = 400;
    }
  });
});
