/**
 * One configuration story (issue 9, item 5): config `apps` is the catalog's scope, `--apps` only
 * limits what a live run refreshes (the other apps keep their snapshots: no BREAKING removals),
 * `--check` compares output and catalog, not flags, and a base URL alone never starts a live fetch.
 */
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server.js";
import { cleanupTemp, readTree, runMain, tempDir } from "../live/helpers.js";

let emulator: Emulator;
let live: NodeJS.ProcessEnv;
beforeAll(async () => {
  emulator = await startEmulator();
  live = {
    REFOLD_API_KEY: emulator.apiKey,
    REFOLD_LINKED_ACCOUNT_ID: "acme",
    REFOLD_BASE_URL: emulator.url,
  };
});
afterAll(async () => {
  await emulator.close();
  await cleanupTemp();
});

const discoveredSlugs = (from: number) =>
  new Set(
    emulator.requests
      .slice(from)
      .filter((r) => r.endpoint !== undefined)
      .map((r) => r.slug),
  );

describe("--apps refreshes, config apps scopes", () => {
  it("a live --apps run fetches only those apps and keeps every other app's snapshot and module", async () => {
    const out = path.join(await tempDir(), "client");
    const first = await runMain(["generate", "--out", out], live);
    expect(first.code).toBe(0);
    const before = await readTree(out);
    const schemas = await readdir(path.join(out, "schemas"));
    expect(schemas.length).toBeGreaterThan(2);

    const from = emulator.requests.length;
    const refresh = await runMain(["generate", "--out", out, "--apps", "hubspot"], live);
    expect(refresh.stderr).not.toMatch(/error/);
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).not.toMatch(/BREAKING|removed app/i);
    expect(discoveredSlugs(from)).toEqual(new Set(["hubspot"]));
    expect(await readdir(path.join(out, "schemas"))).toEqual(schemas);
    expect(await readTree(out)).toEqual(before);

    // --check with other flags than the run that wrote the output: still current.
    const check = await runMain(
      ["generate", "--out", out, "--check", "--apps", "slack", "--concurrency", "2"],
      live,
    );
    expect(check.stderr).not.toMatch(/error|stale/);
    expect(check.code).toBe(0);
    const offlineCheck = await runMain(
      ["generate", "--out", out, "--check", "--offline", "--apps", "jira"],
      {},
    );
    expect(offlineCheck.code).toBe(0);
  });

  it("config apps is the scope: a run generates exactly those apps", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "client");
    const config = path.join(dir, "refold.config.mjs");
    await writeFile(
      config,
      `export default { apps: ["hubspot", "slack"], out: ${JSON.stringify(out)} };\n`,
    );
    const run = await runMain(["generate", "--config", config], live);
    expect(run.code).toBe(0);
    expect(await readdir(path.join(out, "schemas"))).toEqual(["hubspot.json", "slack.json"]);
    const refresh = await runMain(["generate", "--config", config, "--apps", "slack"], live);
    expect(refresh.code).toBe(0);
    expect(await readdir(path.join(out, "schemas"))).toEqual(["hubspot.json", "slack.json"]);
  });
});

describe("a base URL alone never starts a live fetch", () => {
  it("config baseUrl without a key: --check runs offline against the snapshot", async () => {
    const dir = await tempDir();
    const out = path.join(dir, "client");
    expect((await runMain(["generate", "--out", out, "--offline"], {})).code).toBe(0);
    const config = path.join(dir, "refold.config.mjs");
    await writeFile(
      config,
      `export default { baseUrl: ${JSON.stringify(emulator.url)}, out: ${JSON.stringify(out)} };\n`,
    );
    const from = emulator.requests.length;
    const check = await runMain(["generate", "--config", config, "--check"], {});
    expect(check.stderr).not.toMatch(/credentials/);
    expect(check.code).toBe(0);
    expect(emulator.requests.length).toBe(from);
  });

  it("flag > config > environment: the config's base URL beats REFOLD_BASE_URL, the flag beats both", async () => {
    const { parseCli } = await import("../../generator/cli.js");
    const dir = await tempDir();
    const config = path.join(dir, "refold.config.mjs");
    await writeFile(
      config,
      `export default { baseUrl: "http://config.test", linkedAccountId: "globex" };\n`,
    );
    const env = { REFOLD_BASE_URL: "http://env.test", REFOLD_LINKED_ACCOUNT_ID: "acme" };
    expect((await parseCli(["--config", config], env)).options).toMatchObject({
      baseUrl: "http://config.test",
      linkedAccountId: "globex",
    });
    expect(
      (await parseCli(["--config", config, "--base-url", "http://flag.test"], env)).options.baseUrl,
    ).toBe("http://flag.test");
    expect((await parseCli([], env)).options).toMatchObject({
      baseUrl: "http://env.test",
      linkedAccountId: "acme",
    });
    expect((await parseCli([], {})).options.baseUrl).toBe("https://app.refold.ai");
  });
});
