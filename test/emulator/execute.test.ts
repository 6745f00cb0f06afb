import { afterAll, beforeEach, beforeAll, describe, expect, it } from "vitest";
import { createManualClock, type Emulator } from "../../emulator/server.js";
import { envelope, execute, start } from "./helpers.js";

const clock = createManualClock(Date.UTC(2025, 5, 1, 12));
let emulator: Emulator;
beforeAll(async () => {
  emulator = await start({ now: clock.now, rateLimit: false });
});
beforeEach(() => emulator.reset());
afterAll(() => emulator.close());

describe("HubSpot fake", () => {
  it("create_contact → get_contact returns the stored contact in HubSpot's shape", async () => {
    const created = await execute(emulator, "hubspot", "create_contact", {
      email: "jane@example.com",
      firstname: "Jane",
      additional_fields: { lifecyclestage: "lead" },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ node_status: "Success", http_status: 201 });
    expect(Object.keys(created.json)).toEqual(["node_status", "data", "http_status"]);
    const contact = created.json.data;
    expect(contact).toEqual({
      id: "1001",
      properties: {
        email: "jane@example.com",
        firstname: "Jane",
        lifecyclestage: "lead",
        createdate: "2025-06-01T12:00:00.000Z",
        hs_object_id: "1001",
        lastmodifieddate: "2025-06-01T12:00:00.000Z",
      },
      createdAt: "2025-06-01T12:00:00.000Z",
      updatedAt: "2025-06-01T12:00:00.000Z",
      archived: false,
    });
    const got = await execute(emulator, "hubspot", "get_contact", { contact_id: "1001" });
    expect(got.json).toEqual({ node_status: "Success", data: contact, http_status: 200 });
  });

  it("pages with limit sent as a string and the after cursor", async () => {
    for (const name of ["a", "b", "c"]) {
      await execute(emulator, "hubspot", "create_contact", { email: `${name}@example.com` });
    }
    const first = (await execute(emulator, "hubspot", "get_contact", { limit: "2" })).json.data;
    expect(first.results.map((c: any) => c.properties.email)).toEqual([
      "a@example.com",
      "b@example.com",
    ]);
    expect(first.paging.next.after).toBe("1003");
    const second = (
      await execute(emulator, "hubspot", "get_contact", {
        limit: "2",
        after: first.paging.next.after,
      })
    ).json.data;
    expect(second.results.map((c: any) => c.properties.email)).toEqual(["c@example.com"]);
    expect(second).not.toHaveProperty("paging");
  });

  it("update, search and delete", async () => {
    await execute(emulator, "hubspot", "create_contact", {
      email: "jo@example.com",
      firstname: "Jo",
    });
    clock.advance(1000);
    const updated = await execute(emulator, "hubspot", "update_contact", {
      contact_id: "1001",
      lastname: "Doe",
    });
    expect(updated.json.data.properties).toMatchObject({ firstname: "Jo", lastname: "Doe" });
    expect(updated.json.data.updatedAt).not.toBe(updated.json.data.createdAt);
    const found = await execute(emulator, "hubspot", "search_contacts", { query: "doe" });
    expect(found.json.data).toMatchObject({ total: 1, results: [{ id: "1001" }] });
    const deleted = await execute(emulator, "hubspot", "delete_contact", { contact_id: "1001" });
    expect(deleted.json).toEqual({ node_status: "Success", data: null, http_status: 204 });
    expect((await execute(emulator, "hubspot", "search_contacts", {})).json.data.total).toBe(0);
  });

  it("a provider-side failure is HTTP 200 with node_status Failed and the provider's error body", async () => {
    const missing = await execute(emulator, "hubspot", "get_contact", { contact_id: "999" });
    expect(missing.status).toBe(200);
    expect(missing.json).toMatchObject({
      node_status: "Failed",
      http_status: 404,
      data: { status: "error", category: "OBJECT_NOT_FOUND" },
    });
    await execute(emulator, "hubspot", "create_contact", { email: "dup@example.com" });
    const dup = await execute(emulator, "hubspot", "create_contact", { email: "dup@example.com" });
    expect(dup.json).toMatchObject({
      node_status: "Failed",
      http_status: 409,
      data: { category: "CONFLICT" },
    });
  });

  it("keeps state per linked account and per emulator instance", async () => {
    await execute(emulator, "hubspot", "create_contact", { email: "acme@example.com" });
    const globex = await execute(emulator, "hubspot", "get_contact", {}, { account: "globex" });
    expect(globex.json.data.results).toEqual([]);
    const other = await start({ rateLimit: false });
    try {
      expect((await execute(other, "hubspot", "get_contact", {})).json.data.results).toEqual([]);
    } finally {
      await other.close();
    }
    expect((await execute(emulator, "hubspot", "get_contact", {})).json.data.results).toHaveLength(
      1,
    );
  });
});

describe("Slack fake and the generic fallback", () => {
  it("send_message answers Slack's shape; list_channels pages", async () => {
    const sent = await execute(emulator, "slack", "send_message", {
      channel: "#general",
      text: "hi",
    });
    expect(sent.json.node_status).toBe("Success");
    expect(sent.json.data).toMatchObject({
      ok: true,
      channel: "C0EMGENERAL",
      message: { type: "message", text: "hi" },
    });
    expect(sent.json.data.ts).toMatch(/^\d+\.\d{6}$/);
    expect(sent.json.data.message.ts).toBe(sent.json.data.ts);
    const byId = await execute(emulator, "slack", "send_message", { channel: "C1", text: "hi" });
    expect(byId.json.data.channel).toBe("C1");
    const page = await execute(emulator, "slack", "list_channels", { limit: "2" });
    expect(page.json.data.channels).toHaveLength(2);
    expect(page.json.data.response_metadata.next_cursor).not.toBe("");
  });

  it("a Slack ok:false is Failed with http_status 200", async () => {
    const bad = await execute(emulator, "slack", "send_message", {
      channel: "#nowhere",
      text: "hi",
    });
    expect(bad.json).toEqual({
      node_status: "Failed",
      data: { ok: false, error: "channel_not_found" },
      http_status: 200,
    });
  });

  it("other actions get a provider-looking echo", async () => {
    const lead = await execute(emulator, "salesforce", "create_lead", {
      LastName: "Doe",
      Company: "Acme",
    });
    expect(lead.json).toMatchObject({
      node_status: "Success",
      http_status: 201,
      data: { LastName: "Doe" },
    });
    expect(typeof lead.json.data.id).toBe("string");
    const raw = await execute(emulator, "slack", "httprequest", { url_path: "/api/auth.test" });
    expect(raw.json.data).toMatchObject({
      status: 200,
      body: { url_path: "/api/auth.test", base_url: null },
    });
  });
});

describe("execute errors and envelopes", () => {
  it("400 VALIDATION_ERROR for a missing required parameter", async () => {
    const answer = await execute(emulator, "hubspot", "create_contact", { firstname: "Jane" });
    expect(envelope(answer, 400)).toMatchObject({
      error_code: "VALIDATION_ERROR",
      message: "Required parameter 'email' is missing",
    });
    envelope(await execute(emulator, "hubspot", "create_contact", "[1,2]"), 400);
    envelope(await execute(emulator, "hubspot", "create_contact", "{not json"), 400);
  });

  it("404 for unknown app, action and linked account", async () => {
    expect(envelope(await execute(emulator, "nope", "x", {}), 404).message).toBe(
      "Integration slug not found",
    );
    expect(envelope(await execute(emulator, "hubspot", "nope", {}), 404).message).toBe(
      "Action nope not found in Application hubspot",
    );
    expect(
      envelope(await execute(emulator, "hubspot", "get_contact", {}, { account: "umbrella" }), 404)
        .message,
    ).toBe("Linked account 'umbrella' not found");
    // API proxies are per account, executed on the default app by slug.
    envelope(
      await execute(
        emulator,
        "acme_backend",
        "upsert_company_by_domain",
        { domain: "x" },
        { account: "globex" },
      ),
      404,
    );
    const custom = await execute(
      emulator,
      "acme_backend",
      "sync_renewal_date",
      { company_id: "1", renewal_date: "2026-01-01" },
      { account: "globex" },
    );
    expect(custom.json.node_status).toBe("Success");
  });

  it("an expired connection is a credential failure with reauth_required", async () => {
    const answer = await execute(emulator, "hubspot", "get_contact", {}, { account: "initech" });
    expect(envelope(answer, 401)).toMatchObject({
      error_code: "EXTERNAL_API_FAILURE",
      reauth_required: true,
    });
    expect(
      (await execute(emulator, "slack", "list_channels", {}, { account: "initech" })).status,
    ).toBe(200);
    emulator.setConnection("acme", "slack", null);
    const notConnected = envelope(await execute(emulator, "slack", "list_channels", {}), 401);
    expect(notConnected.message).toMatch(/not connected/);
  });

  it("offers the second success form", async () => {
    emulator.settings.resultForm = "success";
    try {
      const ok = await execute(emulator, "slack", "list_channels", {});
      expect(Object.keys(ok.json)).toEqual(["success", "data"]);
      expect(ok.json.success).toBe(true);
      const failed = await execute(emulator, "hubspot", "get_contact", { contact_id: "1" });
      expect(failed.json.success).toBe(false);
    } finally {
      emulator.settings.resultForm = "node_status";
    }
  });
});
