/**
 * Each permanent failure of the live source, with its message: auth, unknown slug/account, HTML,
 * truncated JSON, wrong shapes, redirects, secrets echoed by a server.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_REVOKED_KEY, type Emulator } from "../../emulator/server.js";
import { UsageError } from "../../generator/core/errors.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import type { GenerateOptions } from "../../generator/core/options.js";
import {
  actionHits,
  emptyConfig,
  failure,
  fetchLive,
  instantDeps,
  liveOptions,
  rawServer,
  recordingReporter,
  runMain,
  useLiveEmulator,
} from "./helpers.js";

let emulator: Emulator;
useLiveEmulator((started) => (emulator = started));

const ACTION = { endpoint: "get-action", slug: "hubspot", actionId: "create_contact" } as const;
const ACTION_PATH = "/api/v2/integration-schema/hubspot/actions/create_contact";

function fetchWith(
  overrides: Partial<GenerateOptions> = {},
  env: NodeJS.ProcessEnv = { REFOLD_API_KEY: emulator.apiKey },
  deps = instantDeps(),
  url = emulator.url,
) {
  return fetchLive(url, overrides, env, deps);
}

const hits = (actionId?: string) => actionHits(emulator, actionId);

describe("credentials", () => {
  it("401: API key rejected, with status and server message, not retried", async () => {
    const error = await failure(fetchWith({}, { REFOLD_API_KEY: "tk_wrong_key" }));
    expect(error.code).toBe("SOURCE_AUTH");
    expect(error.message).toMatch(
      /^API key rejected \(HTTP 401 from GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/public\/application: "Invalid API key"/,
    );
    expect(error.message).toContain("REFOLD_API_KEY");
    expect(error.message).not.toContain("tk_wrong_key");
    expect(emulator.requests).toHaveLength(1);
  });

  it("403 (revoked key): API key rejected", async () => {
    const error = await failure(fetchWith({}, { REFOLD_API_KEY: DEFAULT_REVOKED_KEY }));
    expect(error.message).toMatch(/^API key rejected \(HTTP 403 .*"API key has been revoked"/);
    expect(error.message).not.toContain(DEFAULT_REVOKED_KEY);
  });

  it("a bad session token: Session token rejected", async () => {
    const error = await failure(
      fetchWith({ linkedAccountId: undefined }, { REFOLD_SESSION_TOKEN: "st_nope" }),
    );
    expect(error.message).toMatch(/^Session token rejected \(HTTP 401 .*"Invalid session token"/);
    expect(error.message).toContain("REFOLD_SESSION_TOKEN");
  });

  it("no credentials in live mode: a UsageError saying what to set (exit 2)", async () => {
    expect(() => liveSource(liveOptions(emulator.url, "x"), {}, recordingReporter())).toThrow(
      UsageError,
    );
    expect(() => liveSource(liveOptions(emulator.url, "x"), {}, recordingReporter())).toThrow(
      /set REFOLD_API_KEY .*or REFOLD_SESSION_TOKEN.*--offline/,
    );
    // A base URL alone never starts a live fetch (only credentials do): this run stays offline.
    const run = await runMain(
      [
        "generate",
        "--base-url",
        emulator.url,
        "--out",
        "/nonexistent/out",
        "--dry-run",
        "--config",
        await emptyConfig(),
      ],
      {},
    );
    expect(run.stderr).not.toMatch(/needs credentials/);
    expect(run.code).toBe(0);
    expect(emulator.requests).toHaveLength(0);
  });

  it("an API key without a linked account: a UsageError naming --linked-account", () => {
    expect(() =>
      liveSource(
        liveOptions(emulator.url, "x", { linkedAccountId: undefined }),
        { REFOLD_API_KEY: "k" },
        recordingReporter(),
      ),
    ).toThrow(/--linked-account ID, or set REFOLD_LINKED_ACCOUNT_ID/);
  });

  it("a key that cannot be a header value is refused without echoing it", () => {
    const bad = "tk_line\nbreak_SECRET";
    let message = "";
    try {
      liveSource(liveOptions(emulator.url, "x"), { REFOLD_API_KEY: bad }, recordingReporter());
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/REFOLD_API_KEY contains characters that cannot be sent/);
    expect(message).not.toContain("SECRET");
  });
});

describe("not found", () => {
  it("an unknown slug in --apps names the slug", async () => {
    const error = await failure(fetchWith({ apps: ["hubspot", "nosuchapp"] }));
    expect(error.code).toBe("SOURCE_UNKNOWN_APP");
    expect(error.message).toMatch(
      /^Unknown app slug "nosuchapp": it is not in the app list, and its action list answered 404 .*"Integration slug not found"/,
    );
  });

  it("an unknown linked account names the account", async () => {
    const error = await failure(fetchWith({ linkedAccountId: "hooli" }));
    expect(error.code).toBe("SOURCE_UNKNOWN_ACCOUNT");
    expect(error.message).toMatch(/^Linked account "hooli" was not found .*--linked-account/);
  });
});

describe("bad bodies", () => {
  it("an HTML page with 200: names the URL, shows the content type and first bytes", async () => {
    emulator.fault({ match: ACTION, kind: "html", status: 200 });
    const error = await failure(fetchWith());
    expect(error.code).toBe("SOURCE_INVALID_RESPONSE");
    expect(error.message).toContain(
      `GET ${emulator.url}${ACTION_PATH} answered HTTP 200 with an HTML page instead of JSON`,
    );
    expect(error.message).toMatch(
      /content type text\/html, \d+ bytes, body starts "<html> <head><title>/,
    );
    expect(hits()).toBe(1);
  });

  it("an HTML 502 gateway page is retried, then reported as such", async () => {
    emulator.fault({ match: ACTION, kind: "html" });
    const error = await failure(fetchWith({ attempts: 3 }));
    expect(error.code).toBe("SOURCE_HTTP_ERROR");
    expect(error.message).toMatch(
      /answered HTTP 502 after 3 attempts with an HTML page .*502 Bad Gateway/,
    );
    expect(hits()).toBe(3);
  });

  it("truncated JSON (well framed): not retried, says so", async () => {
    emulator.fault({ match: ACTION, kind: "truncated" });
    const error = await failure(fetchWith());
    expect(error.message).toMatch(
      /answered HTTP 200 with truncated or invalid JSON: content type application\/json; charset=utf-8, \d+ bytes, body starts "\[\{/,
    );
    expect(hits()).toBe(1);
  });

  it("a body cut short of its Content-Length is a network error: retried, then succeeds", async () => {
    emulator.fault({ match: { ...ACTION, times: 1 }, kind: "truncated", mode: "length" });
    const files = await fetchWith();
    expect(files).toHaveLength(8);
    expect(hits()).toBe(2);
  });

  it("a JSON answer of the wrong shape names the URL and shows what arrived", async () => {
    const raw = await rawServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        req.url === "/api/v2/public/application" ? JSON.stringify({ data: [{ slug: "x" }] }) : "[]",
      );
    });
    try {
      const error = await failure(fetchWith({}, { REFOLD_API_KEY: "k" }, instantDeps(), raw.url));
      expect(error.message).toBe(
        `GET ${raw.url}/api/v2/public/application did not answer a list of apps (a JSON array): content type application/json, body starts "{\\"data\\":[{\\"slug\\":\\"x\\"}]}". Nothing was written; the previous output is unchanged.`,
      );
    } finally {
      await raw.close();
    }
  });

  it("a redirect is not followed (the key would travel) and names where it pointed", async () => {
    const raw = await rawServer((_req, res) => {
      res.writeHead(301, {
        location: "https://elsewhere.example/api/v2/public/application?sig=abc",
      });
      res.end();
    });
    try {
      const error = await failure(fetchWith({}, { REFOLD_API_KEY: "k" }, instantDeps(), raw.url));
      expect(error.message).toMatch(
        /answered HTTP 301, a redirect to https:\/\/elsewhere\.example\/api\/v2\/public\/application\. Redirects are not followed/,
      );
      expect(error.message).not.toContain("sig=abc");
    } finally {
      await raw.close();
    }
  });

  it.each([
    ["declares a length over 64 MiB", true],
    ["streams more than 64 MiB without a length", false],
  ])("a body that %s is refused, not buffered", async (_name, declared) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const raw = await rawServer((_req, res) => {
      let written = 0;
      res.writeHead(200, {
        "content-type": "application/json",
        ...(declared ? { "content-length": String(65 * 1024 * 1024) } : {}),
      });
      const more = () => {
        while (written < 65 && !res.destroyed) {
          written++;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    });
    try {
      const error = await failure(fetchWith({}, { REFOLD_API_KEY: "k" }, instantDeps(), raw.url));
      expect(error.code).toBe("SOURCE_INVALID_RESPONSE");
      expect(error.message).toMatch(
        /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/public\/application answered a body larger than 64 MiB; refusing to read it\./,
      );
    } finally {
      await raw.close();
    }
  });

  it("secrets echoed by a server are redacted from the message", async () => {
    const key = "tk_SENTINEL_echoed_9f3a";
    const raw = await rawServer((req, res) => {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `key ${req.headers["x-api-key"]} is not valid` }));
    });
    try {
      const error = await failure(fetchWith({}, { REFOLD_API_KEY: key }, instantDeps(), raw.url));
      expect(error.message).toContain('"key [REDACTED] is not valid"');
      expect(error.message).not.toContain(key);
    } finally {
      await raw.close();
    }
  });
});
