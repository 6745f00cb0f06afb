import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import { call, envelope, seg, start } from "./helpers.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(() => emulator.close());

describe("schema discovery", () => {
  it("lists apps as a bare array in slug order", async () => {
    const answer = await call(emulator, "/api/v2/public/application");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer.json.map((app: { slug: string }) => app.slug)).toEqual([
      "hubspot",
      "salesforce",
      "slack",
    ]);
    expect(answer.json[0]).toMatchObject({
      name: "HubSpot",
      auth_type: "oauth2",
      tags: ["CRM"],
      version: { _v: 1 },
    });
  });

  it("serves one app, and 404s an unknown one with the documented message", async () => {
    const ok = await call(emulator, "/api/v2/public/application/slack");
    expect(ok.json).toMatchObject({ slug: "slack", name: "Slack" });
    const missing = envelope(await call(emulator, "/api/v2/public/application/nope"), 404);
    expect(missing.message).toBe("Application app_type 'nope' not found");
  });

  it("lists an app's actions without parameters", async () => {
    const answer = await call(emulator, "/api/v2/integration-schema/hubspot/actions");
    expect(answer.status).toBe(200);
    const ids = answer.json.map((item: { action_id: string }) => item.action_id);
    expect(ids).toContain("create_contact");
    expect(ids).toContain("httprequest");
    for (const item of answer.json) expect(item).not.toHaveProperty("parameters");
    expect(answer.json.find((i: any) => i.action_id === "create_contact")).toEqual({
      action_id: "create_contact",
      name: "Create Contact",
      description: "Creates a contact in HubSpot.",
    });
  });

  it("serves one action's fields as a bare array in server order", async () => {
    const answer = await call(
      emulator,
      "/api/v2/integration-schema/hubspot/actions/create_contact",
    );
    expect(answer.status).toBe(200);
    expect(answer.json.slice(0, 3).map((f: { name: string }) => f.name)).toEqual([
      "firstname",
      "lastname",
      "email",
    ]);
    expect(answer.json[2]).toEqual({
      name: "email",
      label: "Enter Email",
      required: true,
      type: "email",
    });
  });

  it("404s unknown slugs and actions with the documented messages", async () => {
    const slug = envelope(await call(emulator, "/api/v2/integration-schema/nope/actions"), 404);
    expect(slug.message).toBe("Integration slug not found");
    const slug2 = envelope(await call(emulator, "/api/v2/integration-schema/nope/actions/x"), 404);
    expect(slug2.message).toBe("Integration slug not found");
    const action = envelope(
      await call(emulator, "/api/v2/integration-schema/hubspot/actions/nope"),
      404,
    );
    expect(action.message).toBe("Action not found for the specified slug and action_id");
  });

  it("answers the older wrapped forms when asked", async () => {
    const wrapped = await start({ wrappedLists: true });
    try {
      const actions = await call(wrapped, "/api/v2/integration-schema/slack/actions");
      expect(Object.keys(actions.json)).toEqual(["actions"]);
      expect(actions.json.actions.length).toBe(3);
      const fields = await call(wrapped, "/api/v2/integration-schema/slack/actions/send_message");
      expect(Object.keys(fields.json)).toEqual(["parameters"]);
      expect(fields.json.parameters[0].name).toBe("channel");
      wrapped.settings.wrappedLists = false;
      expect(
        Array.isArray((await call(wrapped, "/api/v2/integration-schema/slack/actions")).json),
      ).toBe(true);
    } finally {
      await wrapped.close();
    }
  });

  it("unknown routes and wrong methods get error envelopes", async () => {
    envelope(await call(emulator, "/api/v2/public/nothing"), 404);
    const wrong = await call(emulator, "/api/v2/public/application", { method: "DELETE" });
    envelope(wrong, 405);
    expect(wrong.headers.allow).toBe("GET");
    envelope(
      await call(emulator, "/api/v2/integration-schema/hubspot/actions/create_contact/execute"),
      405,
    );
  });
});

describe("per-account catalogs", () => {
  const ids = async (account: string, slug: string) =>
    (await call(emulator, `/api/v2/integration-schema/${slug}/actions`, { account })).json.map(
      (item: { action_id: string }) => item.action_id,
    );

  it("each account has its own API proxies on the default app", async () => {
    expect(await ids("acme", "acme_backend")).toEqual([
      "notify_backend",
      "sync_invoice",
      "upsert_company_by_domain",
    ]);
    expect(await ids("globex", "acme_backend")).toEqual(["notify_backend", "sync_renewal_date"]);
    expect(await ids("initech", "acme_backend")).toEqual(["notify_backend"]);
  });

  it("the default app is left out of the app list and the one-app endpoint, yet described by slug", async () => {
    for (const account of ["acme", "globex", "initech"]) {
      const slugs = (await call(emulator, "/api/v2/public/application", { account })).json.map(
        (app: { slug: string }) => app.slug,
      );
      expect(slugs).toContain("hubspot");
      expect(slugs).not.toContain("acme_backend");
    }
    const one = envelope(await call(emulator, "/api/v2/public/application/acme_backend"), 404);
    expect(one).toMatchObject({ http_error_type: "NOT_FOUND", error_code: "SERVER_ERROR" });
    const fields = await call(
      emulator,
      "/api/v2/integration-schema/acme_backend/actions/notify_backend",
    );
    expect(fields.json[0]).toMatchObject({
      name: "event",
      type: "text",
      required: true,
      description: "Event name, dot-separated.",
    });
  });

  it("globex has an extra custom field; its API proxy is not visible to acme", async () => {
    const fields = await call(
      emulator,
      "/api/v2/integration-schema/hubspot/actions/create_contact",
      {
        account: "globex",
      },
    );
    expect(fields.json.at(-1)).toMatchObject({ name: "globex_region", type: "select" });
    const acme = await call(
      emulator,
      "/api/v2/integration-schema/acme_backend/actions/sync_renewal_date",
    );
    // The documented 404 body, exactly.
    expect(envelope(acme, 404)).toEqual({
      status_code: 404,
      http_error_type: "NOT_FOUND",
      error_code: "SERVER_ERROR",
      message: "Action not found for the specified slug and action_id",
      request_id: expect.stringMatching(/^req_/),
    });
  });

  it("initech's hubspot app object reports the expired connection", async () => {
    const app = await call(emulator, "/api/v2/public/application/hubspot", { account: "initech" });
    expect(app.json).toMatchObject({
      reauth_required: true,
      connected_accounts: [{ status: "expired" }],
    });
    const acme = await call(emulator, "/api/v2/public/application/hubspot");
    expect(acme.json).not.toHaveProperty("reauth_required");
  });

  it("unknown linked account → 404 naming it", async () => {
    const answer = envelope(
      await call(emulator, "/api/v2/public/application", { account: "umbrella" }),
      404,
    );
    expect(answer.message).toContain("'umbrella'");
    expect(answer.error_code).toBe("INVALID_LINKED_ACCOUNT_ID");
  });

  it("missing linked_account_id → 400 unless a discovery account is configured", async () => {
    const answer = await call(emulator, "/api/v2/public/application", {
      auth: false,
      headers: { "x-api-key": emulator.apiKey },
    });
    expect(envelope(answer, 400)).toMatchObject({
      error_code: "VALIDATION_ERROR",
      message: "Required header 'linked_account_id' is missing",
    });
    const lenient = await start({ discoveryAccount: "globex" });
    try {
      const apps = await call(lenient, "/api/v2/integration-schema/acme_backend/actions", {
        auth: false,
        headers: { "x-api-key": lenient.apiKey },
      });
      expect(apps.json.map((i: any) => i.action_id)).toContain("sync_renewal_date");
      // Execute still requires the header.
      const exec = await call(
        lenient,
        "/api/v2/integration-schema/slack/actions/list_channels/execute",
        {
          auth: false,
          headers: { "x-api-key": lenient.apiKey },
          body: {},
        },
      );
      envelope(exec, 400);
    } finally {
      await lenient.close();
    }
  });

  it("catalog changes are visible to clients (base or one account)", async () => {
    const local = await start();
    try {
      local.updateCatalog((apps) => {
        const hubspot = apps.find((app) => app.app.slug === "hubspot")!;
        const field = hubspot.actions.find((a) => a.action_id === "get_contact")!.parameters![0];
        field.required = true;
      });
      const fields = await call(local, "/api/v2/integration-schema/hubspot/actions/get_contact", {
        account: "globex",
      });
      expect(fields.json[0]).toMatchObject({ name: "contact_id", required: true });
      local.updateCatalog((apps) => apps.filter((app) => app.app.slug !== "slack"), "acme");
      const acme = await call(local, "/api/v2/public/application");
      expect(acme.json.map((a: any) => a.slug)).toEqual(["hubspot", "salesforce"]);
      const globex = await call(local, "/api/v2/public/application", { account: "globex" });
      expect(globex.json.map((a: any) => a.slug)).toEqual(["hubspot", "salesforce", "slack"]);
      local.reset();
      expect((await call(local, "/api/v2/public/application")).json.length).toBe(3);
    } finally {
      await local.close();
    }
  });
});

describe("hostile path segments", () => {
  const slug = "we/ird %?#slug%2F..";
  const actionId = "get/a b?c#d%25é";
  let hostile: Emulator;
  beforeAll(async () => {
    hostile = await start({
      catalog: [
        {
          app: { slug, name: "Weird", tags: [] },
          actions: [
            {
              action_id: actionId,
              name: "Odd",
              parameters: [{ name: "x y/z", type: "text", required: true }],
            },
          ],
        },
      ],
    });
  });
  afterAll(() => hostile.close());

  it("decodes each segment exactly once, on every endpoint", async () => {
    const app = await call(hostile, `/api/v2/public/application/${seg(slug)}`);
    expect(app.json.slug).toBe(slug);
    const list = await call(hostile, `/api/v2/integration-schema/${seg(slug)}/actions`);
    expect(list.json).toEqual([{ action_id: actionId, name: "Odd" }]);
    const fields = await call(
      hostile,
      `/api/v2/integration-schema/${seg(slug)}/actions/${seg(actionId)}`,
    );
    expect(fields.json[0].name).toBe("x y/z");
    const exec = await call(
      hostile,
      `/api/v2/integration-schema/${seg(slug)}/actions/${seg(actionId)}/execute`,
      {
        body: { "x y/z": "v" },
      },
    );
    expect(exec.json.node_status).toBe("Success");
    const last = hostile.requests.at(-1)!;
    expect(last).toMatchObject({ slug, actionId, endpoint: "execute", body: { "x y/z": "v" } });
  });

  it("does not decode twice, and rejects malformed percent-encoding", async () => {
    const twice = await call(hostile, `/api/v2/public/application/${seg(seg(slug))}`);
    expect(envelope(twice, 404).message).toBe(`Application app_type '${seg(slug)}' not found`);
    envelope(await call(hostile, "/api/v2/public/application/%E0%A4%A"), 400);
  });
});
