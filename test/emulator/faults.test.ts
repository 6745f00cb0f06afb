import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import type { Emulator } from "../../emulator/server.js";
import { call, envelope, execute, executePath, KEY, start } from "./helpers.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ rateLimit: false });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

const APPS = "/api/v2/public/application";

/** Sends a request and reads its body, returning either the answer or the error thrown. */
async function attempt(path: string, options: { signal?: AbortSignal; body?: unknown } = {}) {
  try {
    const res = await request(emulator.url + path, {
      method: options.body === undefined ? "GET" : "POST",
      headers: { "x-api-key": KEY, linked_account_id: "acme", "content-type": "application/json" },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    const headers = res.headers;
    try {
      const text = await res.body.text();
      return { status: res.statusCode, headers, text };
    } catch (error) {
      return { status: res.statusCode, headers, bodyError: error as Error & { code?: string } };
    }
  } catch (error) {
    return { error: error as Error & { code?: string } };
  }
}

describe("faults", () => {
  it("status 500/502/503 with the JSON envelope, `times` bounding how often", async () => {
    const handle = emulator.fault({
      match: { endpoint: "list-apps", times: 2 },
      kind: "status",
      status: 503,
    });
    envelope(await call(emulator, APPS), 503);
    envelope(await call(emulator, APPS), 503);
    expect((await call(emulator, APPS)).status).toBe(200);
    expect(handle.hits).toBe(2);
    emulator.fault({ match: { times: 1 }, kind: "status", status: 500 });
    emulator.fault({ match: { times: 1 }, kind: "status", status: 502, retryAfter: "0" });
    envelope(await call(emulator, APPS), 500);
    const bad = await call(emulator, APPS);
    envelope(bad, 502);
    expect(bad.headers["retry-after"]).toBe("0");
  });

  it("a status fault does not run the handler, unless `processed`", async () => {
    emulator.fault({ match: { times: 1 }, kind: "status", status: 502 });
    envelope(await execute(emulator, "hubspot", "create_contact", { email: "a@example.com" }), 502);
    expect((await execute(emulator, "hubspot", "get_contact", {})).json.data.results).toHaveLength(
      0,
    );
    emulator.fault({
      match: { times: 1, actionId: "create_contact" },
      kind: "status",
      status: 502,
      processed: true,
    });
    envelope(await execute(emulator, "hubspot", "create_contact", { email: "a@example.com" }), 502);
    expect((await execute(emulator, "hubspot", "get_contact", {})).json.data.results).toHaveLength(
      1,
    );
  });

  it("reset before the response → a socket error, no response", async () => {
    emulator.fault({ match: { times: 1 }, kind: "reset" });
    const result = await attempt(APPS);
    expect(result.error).toBeDefined();
    expect(result.error!.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(emulator.requests.at(-1)).toMatchObject({ fault: "reset", status: undefined });
  });

  it("reset mid-response → headers arrive, then the body fails", async () => {
    emulator.fault({
      match: { times: 1, actionId: "create_contact" },
      kind: "reset",
      stage: "mid",
    });
    const result = await attempt(executePath("hubspot", "create_contact"), {
      body: { email: "mid@example.com" },
    });
    expect(result.status).toBe(200);
    expect(result.bodyError).toBeDefined();
    // The write reached the provider before the connection died.
    expect((await execute(emulator, "hubspot", "get_contact", {})).json.data.results).toHaveLength(
      1,
    );
  });

  it("an HTML error page with a text/html content type", async () => {
    emulator.fault({ match: { times: 1 }, kind: "html" });
    const result = await call(emulator, APPS);
    expect(result.status).toBe(502);
    expect(result.headers["content-type"]).toBe("text/html");
    expect(result.text).toMatch(/^<html>/);
    expect(result.json).toBeUndefined();
  });

  it("truncated JSON: a well-framed cut body → JSON parse error", async () => {
    emulator.fault({ match: { times: 1 }, kind: "truncated" });
    const result = await attempt(APPS);
    expect(result.status).toBe(200);
    expect(result.headers!["content-type"]).toMatch(/application\/json/);
    expect(() => JSON.parse(result.text!)).toThrow(SyntaxError);
  });

  it("truncated by Content-Length mismatch → a body error", async () => {
    emulator.fault({ match: { times: 1 }, kind: "truncated", mode: "length" });
    const result = await attempt(APPS);
    expect(result.status).toBe(200);
    expect(result.bodyError).toBeDefined();
  });

  it("delay before headers, and a body that stalls mid-way", async () => {
    emulator.fault({ match: { times: 1 }, kind: "delay", ms: 150 });
    let t = performance.now();
    expect((await call(emulator, APPS)).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(120);
    emulator.fault({ match: { times: 1 }, kind: "delay", ms: 300, stage: "body" });
    const res = await request(emulator.url + APPS, {
      headers: { "x-api-key": KEY, linked_account_id: "acme" },
    });
    // Headers arrive first; the stall is between them and the end of the body.
    t = performance.now();
    const apps = (await res.body.json()) as unknown[];
    expect(apps).toHaveLength(3);
    expect(performance.now() - t).toBeGreaterThanOrEqual(200);
  });

  it("hang never answers (the client's timeout fires); close() still returns", async () => {
    const hanging = await start();
    hanging.fault({ kind: "hang" });
    const dispatcher = new Agent({ headersTimeout: 200 });
    try {
      const t = performance.now();
      await expect(
        request(hanging.url + APPS, {
          dispatcher,
          headers: { "x-api-key": KEY, linked_account_id: "acme" },
        }),
      ).rejects.toMatchObject({ code: "UND_ERR_HEADERS_TIMEOUT" });
      expect(performance.now() - t).toBeLessThan(2000);
      const pending = request(hanging.url + APPS, { dispatcher });
      await new Promise((r) => setTimeout(r, 50));
      await hanging.close();
      await expect(pending).rejects.toBeDefined();
    } finally {
      await dispatcher.close();
    }
  });

  it("matches by method, path string or RegExp, slug, action and account", async () => {
    emulator.fault({
      match: { path: "/api/v2/integration-schema/slack/actions" },
      kind: "status",
      status: 500,
    });
    emulator.fault({
      match: { path: /\/execute$/, slug: "hubspot", linkedAccountId: "globex" },
      kind: "status",
      status: 503,
    });
    emulator.fault({
      match: { method: "POST", actionId: "list_channels" },
      kind: "status",
      status: 502,
    });
    envelope(await call(emulator, "/api/v2/integration-schema/slack/actions"), 500);
    expect((await call(emulator, "/api/v2/integration-schema/hubspot/actions")).status).toBe(200);
    envelope(await execute(emulator, "hubspot", "get_contact", {}, { account: "globex" }), 503);
    expect((await execute(emulator, "hubspot", "get_contact", {})).status).toBe(200);
    envelope(await execute(emulator, "slack", "list_channels", {}), 502);
    emulator.clearFaults();
    expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(200);
  });

  it("the control endpoint registers faults and exposes the history (for child processes)", async () => {
    const post = await request(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({
        match: { path: { regex: "APPLICATION$", flags: "i" }, times: 1 },
        kind: "html",
      }),
    });
    expect(post.statusCode).toBe(201);
    const { id } = (await post.body.json()) as { id: string };
    expect(id).toMatch(/^fault_/);
    expect((await call(emulator, APPS)).headers["content-type"]).toBe("text/html");
    expect((await call(emulator, APPS)).status).toBe(200);
    const history = await request(`${emulator.url}/__emulator/requests`);
    const entries = (await history.body.json()) as { fault?: string; status: number }[];
    expect(entries.map((e) => [e.status, e.fault ?? null])).toEqual([
      [502, "html"],
      [200, null],
    ]);
    const bad = await request(`${emulator.url}/__emulator/faults`, {
      method: "POST",
      body: '{"kind":"explode"}',
    });
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
    const cleared = await request(`${emulator.url}/__emulator/faults`, { method: "DELETE" });
    expect(cleared.statusCode).toBe(204);
    await cleared.body.dump();
  });
});
