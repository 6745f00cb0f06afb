/**
 * Regeneration against the live catalog: per-account schemas, `--check` failing on upstream drift
 * with the change marked breaking, an app removed upstream, exit codes, and interrupted fetches
 * leaving the output byte-identical.
 */
import { cp, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type CatalogApp, type Emulator } from "../../emulator/server.js";
import { GenerationError } from "../../generator/core/errors.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { generate } from "../../generator/generate.js";
import { serializeAppSnapshot } from "../../generator/core/snapshot.js";
import {
  cleanupTemp,
  emptyConfig,
  instantDeps,
  liveOptions,
  readTree,
  recordingReporter,
  runMain,
  tempDir,
} from "./helpers.js";

let emulator: Emulator;
let base: string;
let config: string;
beforeAll(async () => {
  emulator = await startEmulator();
  config = await emptyConfig();
  base = path.join(await tempDir(), "generated");
  const options = liveOptions(emulator.url, base, { defaultApp: "acme_backend" });
  const env = { REFOLD_API_KEY: emulator.apiKey };
  await generate(options, { source: liveSource(options, env, recordingReporter(), instantDeps()) });
});
afterEach(() => emulator.reset());
afterAll(async () => {
  await emulator.close();
  await cleanupTemp();
});

/** A copy of the live-generated output, in a fresh parent directory. */
async function copyOfBase(): Promise<string> {
  const out = path.join(await tempDir(), "generated");
  await cp(base, out, { recursive: true });
  return out;
}

const cli = (out: string, ...extra: string[]) =>
  runMain(
    [
      "generate",
      "--base-url",
      emulator.url,
      "--out",
      out,
      "--linked-account",
      "acme",
      "--default-app",
      "acme_backend",
      "--config",
      config,
      ...extra,
    ],
    { REFOLD_API_KEY: emulator.apiKey },
  );

function makeRequired(apps: CatalogApp[], slug: string, actionId: string, field: string) {
  const action = apps
    .find((a) => a.app.slug === slug)!
    .actions.find((a) => a.action_id === actionId)!;
  const target = action.parameters!.find((p) => p.name === field)!;
  expect(target.required).toBe(false);
  target.required = true;
}

describe("per-account schemas", () => {
  it("acme and globex get different catalogs", async () => {
    const fetchFor = async (account: string) => {
      const files = await liveSource(
        liveOptions(emulator.url, "unused", {
          linkedAccountId: account,
          defaultApp: "acme_backend",
        }),
        { REFOLD_API_KEY: emulator.apiKey },
        recordingReporter(),
        instantDeps(),
      )();
      return new Map(files.map((f) => [f.snapshot.app.slug as string, f.snapshot]));
    };
    const [acme, globex] = await Promise.all([fetchFor("acme"), fetchFor("globex")]);
    const ids = (m: typeof acme, slug: string) => m.get(slug)!.actions.map((a) => a.action_id);
    // Each account's own API proxies, on the default app the app list omits.
    expect(ids(acme, "acme_backend")).toEqual([
      "notify_backend",
      "sync_invoice",
      "upsert_company_by_domain",
    ]);
    expect(ids(globex, "acme_backend")).toEqual(["notify_backend", "sync_renewal_date"]);
    const fields = (m: typeof acme) =>
      (
        m.get("hubspot")!.actions.find((a) => a.action_id === "create_contact")!.parameters as {
          name: string;
        }[]
      ).map((p) => p.name);
    expect(fields(globex)).toContain("globex_region");
    expect(fields(acme)).not.toContain("globex_region");
    expect(serializeAppSnapshot(acme.get("hubspot")!)).not.toBe(
      serializeAppSnapshot(globex.get("hubspot")!),
    );
    expect(emulator.requests.filter((r) => r.linkedAccountId === "globex").length).toBeGreaterThan(
      70,
    );
  });
});

describe("--check with live access", () => {
  it("exits 0 when the live catalog matches the output", async () => {
    const out = await copyOfBase();
    const run = await cli(out, "--check");
    expect(run.stderr).not.toMatch(/error|stale/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/is current \(9 apps, 76 actions\)/);
  });

  it("exits 1 after an API proxy changes upstream (a new mandatory field), naming the default app", async () => {
    const out = await copyOfBase();
    const before = await readTree(out);
    emulator.updateCatalog((apps) => {
      apps
        .find((a) => a.app.slug === "acme_backend")!
        .actions.find((a) => a.action_id === "sync_invoice")!
        .parameters!.push({
          name: "currency",
          label: "Currency",
          required: true,
          type: "text",
          description: "ISO 4217 code.",
        });
    });
    const run = await cli(out, "--check");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("  ~ apps/acme_backend.ts");
    expect(run.stderr).toContain("  ~ schemas/acme_backend.json");
    expect(run.stdout).toMatch(/Catalog changes: 1 breaking/);
    expect(run.stdout).toMatch(/BREAKING +acme_backend/);
    expect(await readTree(out)).toEqual(before);
  });

  it("exits 1 after a field is made required upstream, marks it breaking, writes nothing", async () => {
    const out = await copyOfBase();
    const before = await readTree(out);
    emulator.updateCatalog((apps) => makeRequired(apps, "hubspot", "create_contact", "phone"));
    const reportFile = path.join(await tempDir(), "report.json");
    const run = await cli(out, "--check", "--report-json", reportFile);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is stale; 4 file\(s\) differ/);
    expect(run.stderr).toContain("  ~ apps/hubspot.meta.ts");
    expect(run.stderr).toContain("  ~ manifest.json");
    expect(run.stderr).toContain("  ~ apps/hubspot.ts");
    expect(run.stderr).toContain("  ~ schemas/hubspot.json");
    expect(run.stdout).toMatch(/Catalog changes: 1 breaking, 0 additive/);
    expect(run.stdout).toMatch(
      /BREAKING\s+hubspot\/create_contact field "phone": field-now-required/,
    );
    expect(JSON.parse(await readFile(reportFile, "utf8"))).toEqual({
      breaking: 1,
      additive: 0,
      changes: [
        {
          severity: "breaking",
          slug: "hubspot",
          actionId: "create_contact",
          field: "phone",
          kind: "field-now-required",
        },
      ],
    });
    expect(await readTree(out)).toEqual(before);
  });

  it("--dry-run lists what would change and writes nothing", async () => {
    const out = await copyOfBase();
    const before = await readTree(out);
    emulator.updateCatalog((apps) => makeRequired(apps, "slack", "send_message", "thread_ts"));
    const run = await cli(out, "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /would change 4 file\(s\):\n  ~ apps\/slack.meta.ts\n  ~ apps\/slack.ts\n  ~ manifest.json\n  ~ schemas\/slack.json/,
    );
    expect(await readTree(out)).toEqual(before);
  });

  it("exit 2 on a usage error", async () => {
    const run = await cli(await copyOfBase(), "--concurrency", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--concurrency must be a positive integer/);
  });
});

describe("an app removed upstream", () => {
  it("has its files removed, and the report says so", async () => {
    const out = await copyOfBase();
    emulator.updateCatalog((apps) => apps.filter((a) => a.app.slug !== "slack"));
    const reportFile = path.join(await tempDir(), "report.json");
    const run = await cli(out, "--report-json", reportFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/BREAKING\s+slack: app-removed/);
    const report = JSON.parse(await readFile(reportFile, "utf8"));
    expect(report.changes).toEqual([{ severity: "breaking", slug: "slack", kind: "app-removed" }]);
    const after = await readTree(out);
    expect(after.has("schemas/slack.json")).toBe(false);
    expect(after.has("apps/slack.ts")).toBe(false);
    expect(after.get("index.ts")!.toString()).not.toMatch(/slack/i);
    expect(JSON.parse(after.get("manifest.json")!.toString()).apps.slack).toBeUndefined();
    expect((await cli(out, "--check")).code).toBe(0);
  });
});

describe("an interrupted fetch", () => {
  async function expectUntouched(out: string, run: () => Promise<unknown>) {
    const parent = path.dirname(out);
    const before = await readTree(out);
    const siblings = await readdir(parent);
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GenerationError);
    expect(await readTree(out)).toEqual(before);
    expect(await readdir(parent)).toEqual(siblings);
    return error as GenerationError;
  }

  it("server killed mid-run: the output stays byte-identical", async () => {
    const changed = emulator.catalog("acme");
    makeRequired(changed, "hubspot", "create_contact", "phone");
    const doomed = await startEmulator({ catalog: changed });
    doomed.fault({
      match: { endpoint: "get-action", slug: "hubspot", actionId: "create_contact" },
      kind: "hang",
    });
    const out = await copyOfBase();
    const options = liveOptions(doomed.url, out, { attempts: 3 });
    const source = liveSource(
      options,
      { REFOLD_API_KEY: doomed.apiKey },
      recordingReporter(),
      instantDeps(),
    );
    const killer = (async () => {
      while (!doomed.requests.some((r) => r.actionId === "create_contact"))
        await new Promise((r) => setTimeout(r, 5));
      await doomed.close();
    })();
    const error = await expectUntouched(out, () => generate(options, { source }));
    await killer;
    expect(error.code).toBe("SOURCE_NETWORK");
    expect(error.message).toMatch(/failed after 3 attempts: /);
  });

  it("connection reset mid-response: the output stays byte-identical", async () => {
    emulator.updateCatalog((apps) => apps.filter((a) => a.app.slug !== "jira"));
    emulator.fault({
      match: { endpoint: "get-action", slug: "zendesk" },
      kind: "reset",
      stage: "mid",
    });
    const out = await copyOfBase();
    const options = liveOptions(emulator.url, out, { attempts: 2 });
    const source = liveSource(
      options,
      { REFOLD_API_KEY: emulator.apiKey },
      recordingReporter(),
      instantDeps(),
    );
    const error = await expectUntouched(out, () => generate(options, { source }));
    expect(error.code).toBe("SOURCE_NETWORK");
  });
});
