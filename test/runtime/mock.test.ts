// createMock: typed stubs, wire-id mapping, call log, no network.
import { afterEach, describe, expect, test } from "vitest";
import {
  RefoldNotFoundError,
  RefoldProviderError,
  RefoldRateLimitError,
  RefoldMockNotStubbedError,
  RefoldServerError,
  createMock,
  factorySpecs,
  type Execute,
  type MockRefold,
} from "../../templates/runtime/all.js";
import { appModules, type TestApps } from "./helpers/apps.js";

let mock: MockRefold<TestApps>;
afterEach(() => mock?.close());

describe("createMock", () => {
  test("stubs a method by name; the request goes to the wire ids; calls are recorded", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("hubspot", "createContact", { data: { id: "c_1" } });
    const data = await mock.client
      .forAccount("acme")
      .hubspot.createContact({ email: "jane@example.com" });
    expect(data).toEqual({ id: "c_1" });
    const calls = mock.callsTo("hubspot", "createContact");
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      app: "hubspot",
      method: "createContact",
      slug: "hubspot",
      actionId: "create_contact",
      params: { email: "jane@example.com" },
      linkedAccountId: "acme",
    });
    expect(calls[0]!.headers["x-api-key"]).toBe("[REDACTED]");
    expect(mock.calls()).toHaveLength(1);
  });

  test("responder functions get typed params; newest matching stub wins; times falls back", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("hubspot", "createContact", (params) => ({ id: `id-${params.email}` }));
    mock.stub("hubspot", "createContact", {
      match: { email: "vip@x.y" },
      data: { id: "vip" },
      times: 1,
    });
    expect(await mock.client.hubspot.createContact({ email: "vip@x.y" })).toEqual({ id: "vip" });
    expect(await mock.client.hubspot.createContact({ email: "vip@x.y" })).toEqual({
      id: "id-vip@x.y",
    });
    expect(await mock.client.hubspot.createContact({ email: "a@b.c" })).toEqual({ id: "id-a@b.c" });
    mock.assertAllStubsUsed();
  });

  test("envelope option and predicate match", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("hubspot", "getContact", { match: (p) => p.limit === "1", data: { results: [] } });
    const env = await mock.client.hubspot.getContact({ limit: "1" }, { envelope: true });
    expect(env).toEqual({ node_status: "Success", http_status: 200, data: { results: [] } });
  });

  test("error, provider failure and rate-limit replies raise the real error classes", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("slack", "sendMessage", {
      match: { channel: "404" },
      error: { status: 404, message: "Action not found for the specified slug and action_id" },
    });
    mock.stub("slack", "sendMessage", {
      match: { channel: "dup" },
      providerFailure: { httpStatus: 409, data: { error: "dup" } },
    });
    mock.stub("slack", "sendMessage", {
      match: { channel: "slow" },
      error: { status: 429, retryAfterSeconds: 3 },
    });
    const e404 = await mock.client.slack
      .sendMessage({ channel: "404", text: "" })
      .catch((e: unknown) => e);
    expect(e404).toBeInstanceOf(RefoldNotFoundError);
    expect((e404 as RefoldNotFoundError).resource).toBe("action");
    await expect(
      mock.client.slack.sendMessage({ channel: "dup", text: "" }),
    ).rejects.toBeInstanceOf(RefoldProviderError);
    const e429 = await mock.client.slack
      .sendMessage({ channel: "slow", text: "" })
      .catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(RefoldRateLimitError);
    expect((e429 as RefoldRateLimitError).retryAfterMs).toBe(3000);
  });

  test("an unstubbed call fails clearly, naming the method", async () => {
    mock = createMock<TestApps>(appModules);
    const error = await mock.client.slack
      .sendMessage({ channel: "C", text: "t" })
      .catch((e: unknown) => e);
    // Its own error, not an outage: code that handles RefoldServerError must not absorb it.
    expect(error).toBeInstanceOf(RefoldMockNotStubbedError);
    expect(error).not.toBeInstanceOf(RefoldServerError);
    expect(error).toMatchObject({ code: "mock_not_stubbed", mayHaveSucceeded: false });
    expect((error as Error).message).toContain("slack.sendMessage");
    expect(mock.calls()[0]).toMatchObject({
      app: "slack",
      method: "sendMessage",
      actionId: "send_message",
    });
  });

  test("a stub used up by a concurrent call: the other call gets mock_not_stubbed too", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("hubspot", "getContact", { data: 1, times: 1 });
    const results = await Promise.allSettled([
      mock.client.hubspot.getContact(),
      mock.client.hubspot.getContact(),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(RefoldMockNotStubbedError);
    expect(rejected.reason).toMatchObject({ code: "mock_not_stubbed" });
  });

  test("assertAllStubsUsed and reset", async () => {
    mock = createMock<TestApps>(appModules);
    mock.stub("hubspot", "getContact", { data: 1, times: 2 });
    await mock.client.hubspot.getContact();
    expect(() => mock.assertAllStubsUsed()).toThrow(/hubspot.getContact \(1\/2\)/);
    mock.reset();
    expect(mock.calls()).toHaveLength(0);
    mock.assertAllStubsUsed();
  });

  test("unknown methods are rejected at stub time", () => {
    mock = createMock<TestApps>(appModules);
    expect(() => mock.stub("hubspot", "nope" as never, { data: 1 })).toThrow(
      /not an action method/,
    );
  });

  test("wire ids come from the module's spec table: a factory without one is refused, never called", () => {
    let called = 0;
    const handWritten = (execute: Execute) => {
      called++;
      return { ping: () => execute("svc", "ping", {}, { kind: "read" }) };
    };
    const other = createMock({ svc: handWritten });
    expect(() => other.stub("svc", "ping", { data: 1 })).toThrow(
      /svc is not an app factory of a generated module/,
    );
    expect(called).toBe(0);
    void other.close();
    // The table, not a call, maps the method: the spec says "get_contact".
    mock = createMock<TestApps>(appModules);
    expect(factorySpecs(appModules.hubspot)?.specs.getContact).toEqual(["get_contact", "read"]);
    mock.stub("hubspot", "getContact", { data: 1 });
    expect(mock.callsTo("hubspot", "getContact")).toEqual([]);
  });
});
