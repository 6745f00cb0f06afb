// End to end: the committed generated client calls the Refold-compatible server on 127.0.0.1
// (port 0) over real HTTP. Asserts what the server received and each error class for its answer.
import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, type Emulator } from "../emulator/server.js";
import { useEmulatorClient, type EmulatorClient } from "./helpers/emulatorClient.js";
import {
  RefoldAuthenticationError,
  RefoldConnectionExpiredError,
  RefoldNotFoundError,
  RefoldProviderError,
  RefoldRateLimitError,
  RefoldValidationError,
  type RefoldClient,
} from "../generated/index.js";
import { hubspot } from "../generated/apps/hubspot.js";
import { configureRefold, resetRefold } from "../generated/runtime/index.js";

let emulator: Emulator;
let refold: RefoldClient;
let server: EmulatorClient;
useEmulatorClient((started) => {
  server = started;
  ({ emulator, refold } = started);
});

describe("requests the generated client sends", () => {
  it("POSTs to the execute path with the two auth headers and the params under their wire names", async () => {
    const acme = refold.forAccount("acme");
    const created = await acme.hubspot.createContact<{
      id: string;
      properties: Record<string, string>;
    }>({
      email: "jane@example.com",
      firstname: "Jane",
      hubspot_owner_id: "42",
    });
    expect(created.properties).toMatchObject({ email: "jane@example.com", firstname: "Jane" });

    expect(emulator.requests).toHaveLength(1);
    const [request] = emulator.requests;
    expect(request).toMatchObject({
      method: "POST",
      path: "/api/v2/integration-schema/hubspot/actions/create_contact/execute",
    });
    expect(request!.headers).toMatchObject({
      linked_account_id: "acme",
      "x-api-key": "[REDACTED]",
      "content-type": "application/json",
    });
    expect(request!.body).toEqual({
      email: "jane@example.com",
      firstname: "Jane",
      hubspot_owner_id: "42",
    });
  });

  it("reads back what it wrote, resolving to the provider's data or the whole envelope", async () => {
    const acme = refold.forAccount("acme");
    await acme.hubspot.createContact({ email: "a@example.com" });
    const page = await acme.hubspot.getContact<{ results: unknown[]; paging?: unknown }>({
      limit: "1",
    });
    expect(page.results).toHaveLength(1);
    const envelope = await acme.hubspot.getContact({ limit: "1" }, { envelope: true });
    expect(envelope).toMatchObject({ node_status: "Success", http_status: 200 });
  });

  it("a per-call linkedAccountId overrides the client's scope", async () => {
    await refold
      .forAccount("acme")
      .slack.sendMessage({ channel: "C1", text: "hi" }, { linkedAccountId: "globex" });
    expect(emulator.requests[0]!.headers["linked_account_id"]).toBe("globex");
    expect(emulator.requests[0]!.path).toBe(
      "/api/v2/integration-schema/slack/actions/send_message/execute",
    );
  });

  it("the module form uses the default executor once configured, and says what to set when it is not", async () => {
    resetRefold();
    const saved = { key: process.env.REFOLD_API_KEY, token: process.env.REFOLD_SESSION_TOKEN };
    delete process.env.REFOLD_API_KEY;
    delete process.env.REFOLD_SESSION_TOKEN;
    try {
      await expect(hubspot.getContact({ limit: "1" })).rejects.toThrow(/REFOLD_API_KEY/);
      configureRefold({
        apiKey: DEFAULT_API_KEY,
        baseUrl: emulator.url,
        linkedAccountId: "acme",
        rateLimit: false,
      });
      await hubspot.createContact({ email: "m@example.com" });
      expect(emulator.requests.at(-1)!.headers["linked_account_id"]).toBe("acme");
    } finally {
      resetRefold();
      if (saved.key !== undefined) process.env.REFOLD_API_KEY = saved.key;
      if (saved.token !== undefined) process.env.REFOLD_SESSION_TOKEN = saved.token;
    }
  });
});

describe("each error class for its response", () => {
  it("401 bad key → RefoldAuthenticationError", async () => {
    const client = server.client({ apiKey: "tk_wrong" });
    await expect(client.forAccount("acme").hubspot.getContact()).rejects.toBeInstanceOf(
      RefoldAuthenticationError,
    );
    await client.close();
  });

  it("404 unknown linked account → RefoldNotFoundError naming the account", async () => {
    const error = await refold
      .forAccount("nobody")
      .hubspot.getContact()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldNotFoundError);
    expect(error).toMatchObject({
      linkedAccountId: "nobody",
      slug: "hubspot",
      actionId: "get_contact",
    });
  });

  it("404 unknown action → RefoldNotFoundError", async () => {
    const error = await refold
      .execute("hubspot", "no_such_action", {}, { linkedAccountId: "acme" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldNotFoundError);
  });

  it("400 missing required parameter → RefoldValidationError with the server's message", async () => {
    const error = await refold
      .execute("hubspot", "create_contact", { firstname: "x" }, { linkedAccountId: "acme" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldValidationError);
    expect((error as Error).message).toContain("Required parameter 'email' is missing");
  });

  it("429 → RefoldRateLimitError with retryAfterMs", async () => {
    emulator.fault({
      kind: "status",
      status: 429,
      match: { actionId: "get_contact" },
      retryAfter: 7,
    } as never);
    const error = await refold
      .forAccount("acme")
      .hubspot.getContact()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldRateLimitError);
  });

  it("provider failure inside HTTP 200 → RefoldProviderError with node_status and http_status", async () => {
    const error = await refold
      .forAccount("acme")
      .hubspot.getContact({ contact_id: "does-not-exist" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldProviderError);
    expect(error).toMatchObject({ nodeStatus: "Failed", providerStatus: 404 });
  });

  it("expired connection → RefoldConnectionExpiredError", async () => {
    emulator.setConnection("acme", "hubspot", "expired");
    await expect(refold.forAccount("acme").hubspot.getContact()).rejects.toBeInstanceOf(
      RefoldConnectionExpiredError,
    );
  });
});

describe("the generated test helper", () => {
  it("createMockRefold stubs a generated method by its typed params, with no network", async () => {
    const { createMockRefold } = await import("../generated/index.js");
    const mock = createMockRefold();
    mock.stub("hubspot", "createContact", {
      match: { email: "jane@example.com" },
      data: { id: "501" },
    });
    const data = await mock.client
      .forAccount("acme")
      .hubspot.createContact({ email: "jane@example.com" });
    expect(data).toEqual({ id: "501" });
    expect(mock.callsTo("hubspot", "createContact")).toMatchObject([
      {
        slug: "hubspot",
        actionId: "create_contact",
        params: { email: "jane@example.com" },
        linkedAccountId: "acme",
      },
    ]);
    await mock.close();
  });
});
