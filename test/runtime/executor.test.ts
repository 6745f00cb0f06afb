// The execute contract: method, path, headers, exact body, both envelopes, envelope option,
// lazy app getters, forAccount, per-call accounts, hooks, configuration errors.
import { afterEach, describe, expect, test } from "vitest";
import {
  RefoldConfigurationError,
  RefoldValidationError,
  createClient,
  createExecutor,
  type RequestEvent,
  type ResponseEvent,
  type ErrorEvent,
} from "../../templates/runtime/index.js";
import { appFactories, factoryCalls, type TestApps } from "./helpers/apps.js";
import { json, startServer, success, type TestServer } from "./helpers/server.js";

let server: TestServer;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await server?.close();
});

async function client(
  options: Parameters<typeof createClient>[0] = {},
  handler = (_: unknown, res: Parameters<typeof success>[0]) => success(res, { ok: 1 }),
) {
  server = await startServer((req, res) => handler(req, res));
  const c = createClient<TestApps>(
    { apiKey: "tk_test_key", baseUrl: server.url, rateLimit: false, ...options },
    appFactories,
  );
  closers.push(() => c.close());
  return c;
}

describe("execute request", () => {
  test("POST to the execute path with auth headers and the params as the JSON body", async () => {
    const c = await client();
    const data = await c
      .forAccount("user_12345")
      .hubspot.createContact({ email: "jane@example.com", firstname: "Jane" });
    expect(data).toEqual({ ok: 1 });
    const [req] = server.requests;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/api/v2/integration-schema/hubspot/actions/create_contact/execute");
    expect(req!.headers["x-api-key"]).toBe("tk_test_key");
    expect(req!.headers["linked_account_id"]).toBe("user_12345");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["accept"]).toBe("application/json");
    expect(req!.headers["authorization"]).toBeUndefined();
    expect(req!.body).toBe('{"email":"jane@example.com","firstname":"Jane"}');
  });

  test("path segments are URL-encoded", async () => {
    const c = await client({ linkedAccountId: "a" });
    await c.execute("my app/x", "act?#ion", {}, { kind: "read" });
    expect(server.requests[0]!.url).toBe(
      "/api/v2/integration-schema/my%20app%2Fx/actions/act%3F%23ion/execute",
    );
  });

  test("keys are sent exactly as given, __proto__ and odd names included", async () => {
    const c = await client({ linkedAccountId: "a" });
    const params = JSON.parse(
      '{"__proto__":{"x":1},"First Name":"J","constructor":"c","a.b":null}',
    ) as object;
    await c.execute("hubspot", "create_contact", params);
    expect(server.requests[0]!.body).toBe(
      '{"__proto__":{"x":1},"First Name":"J","constructor":"c","a.b":null}',
    );
  });

  test("undefined params send {}", async () => {
    const c = await client({ linkedAccountId: "a" });
    await c.hubspot.getContact();
    expect(server.requests[0]!.body).toBe("{}");
  });

  test("non-serializable params: RefoldValidationError, nothing sent", async () => {
    const c = await client({ linkedAccountId: "a" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(c.execute("hubspot", "create_contact", cyclic)).rejects.toBeInstanceOf(
      RefoldValidationError,
    );
    await expect(
      c.execute("hubspot", "create_contact", { n: 1n } as object),
    ).rejects.toBeInstanceOf(RefoldValidationError);
    expect(server.requests).toHaveLength(0);
  });

  test("baseUrl with a path prefix keeps the prefix", async () => {
    server = await startServer((_req, res) => success(res, 1));
    const c = createClient<TestApps>(
      { apiKey: "k", baseUrl: `${server.url}/proxy/`, linkedAccountId: "a", rateLimit: false },
      appFactories,
    );
    closers.push(() => c.close());
    await c.hubspot.getContact();
    expect(server.requests[0]!.url).toBe(
      "/proxy/api/v2/integration-schema/hubspot/actions/get_contact/execute",
    );
  });

  test("session token mode sends Bearer only", async () => {
    const c = await client({
      apiKey: undefined as never,
      sessionToken: "sess_abc",
      linkedAccountId: "ignored",
    } as never);
    await c.hubspot.getContact({ limit: "1" });
    const h = server.requests[0]!.headers;
    expect(h["authorization"]).toBe("Bearer sess_abc");
    expect(h["x-api-key"]).toBeUndefined();
    expect(h["linked_account_id"]).toBeUndefined();
  });
});

describe("results", () => {
  test("node_status envelope resolves data", async () => {
    const c = await client({ linkedAccountId: "a" }, (_req, res) =>
      json(res, 200, {
        node_status: "Success",
        http_status: 200,
        data: { results: [1], paging: { next: "x" } },
      }),
    );
    expect(await c.hubspot.getContact()).toEqual({ results: [1], paging: { next: "x" } });
  });

  test("success:true envelope resolves data", async () => {
    const c = await client({ linkedAccountId: "a" }, (_req, res) =>
      json(res, 200, { success: true, data: [1, 2] }),
    );
    expect(await c.hubspot.getContact()).toEqual([1, 2]);
  });

  test("envelope option resolves the whole envelope", async () => {
    const c = await client({ linkedAccountId: "a" }, (_req, res) =>
      json(res, 200, { node_status: "Success", http_status: 201, data: { id: "9" } }),
    );
    const env = await c.hubspot.createContact({ email: "e@x.y" }, { envelope: true });
    expect(env).toEqual({ node_status: "Success", http_status: 201, data: { id: "9" } });
    expect(env.http_status).toBe(201);
  });

  test("null data and missing http_status are fine", async () => {
    const c = await client({ linkedAccountId: "a" }, (_req, res) =>
      json(res, 200, { node_status: "Success", data: null }),
    );
    expect(await c.hubspot.getContact()).toBeNull();
  });
});

describe("client", () => {
  test("app properties are lazy and cached per client", async () => {
    const c = await client({ linkedAccountId: "a" });
    factoryCalls.length = 0;
    expect(factoryCalls).toEqual([]);
    const first = c.hubspot;
    expect(factoryCalls).toEqual(["hubspot"]);
    expect(c.hubspot).toBe(first);
    expect(factoryCalls).toEqual(["hubspot"]);
    const other = c.forAccount("b");
    void other.hubspot;
    expect(factoryCalls).toEqual(["hubspot", "hubspot"]);
    expect(Object.keys(c)).toContain("hubspot");
  });

  test("per-call linkedAccountId overrides forAccount and the client default", async () => {
    const c = await client({ linkedAccountId: "default" });
    await c.hubspot.getContact();
    await c.forAccount("scoped").hubspot.getContact();
    await c
      .forAccount("scoped")
      .slack.sendMessage({ channel: "C1", text: "hi" }, { linkedAccountId: "user_999" });
    expect(server.requests.map((r) => r.headers["linked_account_id"])).toEqual([
      "default",
      "scoped",
      "user_999",
    ]);
  });

  test("no linked account: configuration error naming the fixes", async () => {
    const c = await client();
    const error = await c.hubspot.getContact().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldConfigurationError);
    expect((error as Error).message).toContain("forAccount");
    expect(server.requests).toHaveLength(0);
  });

  test("no credentials: configuration error at construction", () => {
    expect(() => createClient<TestApps>({}, appFactories)).toThrow(RefoldConfigurationError);
    expect(() => createExecutor({ sessionTokens: true })).toThrow(/apiKey/);
    expect(() => createExecutor({ apiKey: "k", baseUrl: "not a url" })).toThrow(
      RefoldConfigurationError,
    );
    expect(() => createExecutor({ apiKey: "k", timeoutMs: -1 })).toThrow(RefoldConfigurationError);
  });

  test("header values that undici rejects become a configuration error, no retry", async () => {
    const c = await client();
    const error = await c
      .forAccount("bad\r\nheader")
      .hubspot.getContact()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  test("close() closes the shared pool; calls after close fail clearly", async () => {
    const c = await client({ linkedAccountId: "a" });
    await c.hubspot.getContact();
    await c.forAccount("b").close();
    await c.close();
    await expect(c.hubspot.getContact()).rejects.toBeInstanceOf(RefoldConfigurationError);
  });
});

describe("hooks", () => {
  test("onRequest/onResponse/onError see redacted headers, attempts and retry decisions", async () => {
    const events: Array<[string, RequestEvent | ResponseEvent | ErrorEvent]> = [];
    let n = 0;
    const c = await client(
      {
        linkedAccountId: "acct",
        sleep: async () => undefined,
        hooks: {
          onRequest: (e) => void events.push(["request", e]),
          onResponse: (e) => void events.push(["response", e]),
          onError: (e) => {
            events.push(["error", e]);
            throw new Error("hook failures are ignored");
          },
        },
      },
      (_req, res) => (n++ === 0 ? json(res, 503, { message: "busy" }) : success(res, "ok")),
    );
    expect(await c.hubspot.getContact()).toBe("ok");
    expect(events.map(([k]) => k)).toEqual(["request", "response", "error", "request", "response"]);
    const request = events[0]![1] as RequestEvent;
    expect(request.headers["x-api-key"]).toBe("[REDACTED]");
    expect(request.headers["linked_account_id"]).toBe("acct");
    expect(request.url).toBe(
      `${server.url}/api/v2/integration-schema/hubspot/actions/get_contact/execute`,
    );
    expect((events[2]![1] as ErrorEvent).willRetry).toBe(true);
    expect((events[4]![1] as ResponseEvent).attempt).toBe(2);
    expect((events[4]![1] as ResponseEvent).status).toBe(200);
  });
});

describe("path segments", () => {
  test.each([
    ["..", "create_contact"],
    [".", "create_contact"],
    ["hubspot", ".."],
    ["hubspot", "bad\ud800id"],
    ["", "create_contact"],
  ])("slug %j / action %j is refused before anything is sent", async (slug, actionId) => {
    const c = await client();
    const error = await c
      .execute(slug, actionId, {}, { linkedAccountId: "acme" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  test("odd but valid segments are encoded exactly once", async () => {
    const c = await client();
    await c.execute("a/b c", "x?y#z%2F", {}, { linkedAccountId: "acme" });
    expect(server.requests[0]!.url).toBe(
      "/api/v2/integration-schema/a%2Fb%20c/actions/x%3Fy%23z%252F/execute",
    );
  });
});
