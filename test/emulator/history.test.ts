import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import { call, execute, start } from "./helpers.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

describe("call history", () => {
  it("records method, path, decoded route, account, auth mode, redacted headers and body", async () => {
    emulator.clearRequests();
    await call(emulator, "/api/v2/public/application?x=1");
    const answer = await execute(
      emulator,
      "hubspot",
      "create_contact",
      { email: "a@example.com" },
      { account: "globex" },
    );
    expect(emulator.requests).toHaveLength(2);
    const [list, exec] = emulator.requests;
    expect(list).toMatchObject({
      method: "GET",
      url: "/api/v2/public/application?x=1",
      path: "/api/v2/public/application",
      endpoint: "list-apps",
      status: 200,
    });
    expect(exec).toMatchObject({
      method: "POST",
      endpoint: "execute",
      slug: "hubspot",
      actionId: "create_contact",
      linkedAccountId: "globex",
      auth: "api-key",
      body: { email: "a@example.com" },
      status: 200,
    });
    expect(exec.headers["x-api-key"]).toBe("[REDACTED]");
    expect(exec.headers["linked_account_id"]).toBe("globex");
    expect(JSON.stringify(emulator.requests)).not.toContain(emulator.apiKey);
    // The request id is sent back as a header (and in error bodies).
    expect(answer.headers["x-request-id"]).toBe(exec.requestId);
  });

  it("records requests without credentials, and clearRequests empties the same array", async () => {
    const history = emulator.requests;
    await call(emulator, "/api/v2/public/application", { auth: false });
    expect(history.at(-1)).toMatchObject({ auth: "none", status: 401 });
    expect(history.at(-1)!.linkedAccountId).toBeUndefined();
    emulator.clearRequests();
    expect(history).toHaveLength(0);
    expect(emulator.requests).toBe(history);
  });

  it("error bodies carry the request id of the history entry", async () => {
    const answer = await call(emulator, "/api/v2/public/application/nope");
    expect(answer.json.request_id).toBe(emulator.requests.at(-1)!.requestId);
    expect(answer.json.request_id).toMatch(/^req_/);
  });
});
