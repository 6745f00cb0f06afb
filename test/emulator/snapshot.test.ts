/**
 * What the emulator serves, fetched the way the generator's live source does and re-serialized with
 * serializeAppSnapshot, must reproduce each snapshot file byte for byte.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeAppSnapshot, type WireAction } from "../../generator/core/snapshot.js";
import {
  DEFAULT_APP,
  DEFAULT_CATALOG_DIR,
  startEmulator,
  type Emulator,
} from "../../emulator/server.js";
import { call, seg, writeFixtureDir } from "./helpers.js";

/**
 * Fetches the whole catalog of one account over HTTP, unwrapping the older forms if present. The
 * default app is not in the list: it is asked for by slug, its object recorded as `{slug, name}`.
 */
async function fetchCatalog(
  emulator: Emulator,
  account = "acme",
  defaultApp?: string,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const apps = (await call(emulator, "/api/v2/public/application", { account })).json;
  if (defaultApp) apps.push({ slug: defaultApp, name: defaultApp });
  for (const app of apps) {
    const listed = (
      await call(emulator, `/api/v2/integration-schema/${seg(app.slug)}/actions`, { account })
    ).json;
    const items = Array.isArray(listed) ? listed : listed.actions;
    const actions: WireAction[] = [];
    for (const item of items) {
      const path = `/api/v2/integration-schema/${seg(app.slug)}/actions/${seg(item.action_id)}`;
      const fields = (await call(emulator, path, { account })).json;
      actions.push({ ...item, parameters: Array.isArray(fields) ? fields : fields.parameters });
    }
    files.set(`${app.slug}.json`, serializeAppSnapshot({ app, actions }));
  }
  return files;
}

function filesOf(dir: string): Map<string, string> {
  const names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  return new Map(names.map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}

async function roundTrip(options: { wrappedLists?: boolean } = {}) {
  const dir = writeFixtureDir();
  // Default settings: schema discovery is not rate limited, so a full fetch never sees a 429.
  const emulator = await startEmulator({ catalogDir: dir, ...options }).catch((error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  try {
    const served = await fetchCatalog(emulator, "acme", DEFAULT_APP);
    const expected = filesOf(dir);
    expect([...served.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) expect(served.get(name), name).toBe(text);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("snapshot round trip", () => {
  it("the fixture catalog, from snapshot files", () => roundTrip());
  it("the fixture catalog, served in the wrapped form", () => roundTrip({ wrappedLists: true }));

  const committed =
    existsSync(DEFAULT_CATALOG_DIR) &&
    readdirSync(DEFAULT_CATALOG_DIR).some((f) => f.endsWith(".json"));
  it.skipIf(!committed)(
    "the committed snapshot (generated/schemas), served by default",
    async () => {
      const emulator = await startEmulator();
      try {
        const served = await fetchCatalog(emulator, "acme", DEFAULT_APP);
        const expected = filesOf(DEFAULT_CATALOG_DIR);
        expect(expected.has(`${DEFAULT_APP}.json`)).toBe(true);
        expect([...served.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [name, text] of expected) expect(served.get(name), name).toBe(text);
        // The app list alone misses the default app, and with it every API proxy.
        expect((await fetchCatalog(emulator)).has(`${DEFAULT_APP}.json`)).toBe(false);
        // globex sees a different catalog: its own API proxies and a custom field.
        const globex = await fetchCatalog(emulator, "globex", DEFAULT_APP);
        expect(globex.get("hubspot.json")).not.toBe(expected.get("hubspot.json"));
        expect(globex.get("hubspot.json")).toContain("globex_region");
        expect(globex.get(`${DEFAULT_APP}.json`)).toContain("sync_renewal_date");
        expect(globex.get(`${DEFAULT_APP}.json`)).not.toContain("sync_invoice");
      } finally {
        await emulator.close();
      }
    },
  );

  it.skipIf(!committed)(
    "the committed snapshot has acme's API proxies and hubspot/slack fakes fit it",
    async () => {
      const emulator = await startEmulator({ rateLimit: false });
      try {
        const backend = emulator.catalog().find((a) => a.app.slug === DEFAULT_APP)!;
        expect(backend.actions.map((a) => a.action_id)).toEqual([
          "notify_backend",
          "sync_invoice",
          "upsert_company_by_domain",
        ]);
        const exec = (slug: string, id: string, body: unknown) =>
          call(emulator, `/api/v2/integration-schema/${slug}/actions/${id}/execute`, { body });
        const created = await exec("hubspot", "create_contact", {
          email: "jane@example.com",
          firstname: "Jane",
        });
        expect(created.json.node_status).toBe("Success");
        const page = await exec("hubspot", "get_contact", { limit: "1" });
        expect(page.json.data.results[0].id).toBe(created.json.data.id);
        const sent = await exec("slack", "send_message", { channel: "C1", text: "hi" });
        expect(sent.json.data.ok).toBe(true);
      } finally {
        await emulator.close();
      }
    },
  );
});
