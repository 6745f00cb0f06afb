/**
 * `refold.config.ts`: typed with `defineConfig`, discovered in the working directory, validated
 * (secrets refused), overridden by CLI flags, and driving a live run.
 */
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import { parseCli } from "../../generator/cli.js";
import { loadConfig } from "../../generator/cli/config.js";
import { UsageError } from "../../generator/core/errors.js";
import { REPO, readTreeText, runMain, tempDir, useLiveEmulator } from "./helpers.js";

const CONFIG_MODULE = pathToFileURL(path.join(REPO, "generator/index.ts")).href;

let emulator: Emulator;
useLiveEmulator((started) => (emulator = started));

/** Writes `refold.config.ts` with `body` as the argument of defineConfig; returns its directory. */
async function configDir(body: string): Promise<{ dir: string; file: string }> {
  const dir = await tempDir("refold-config-");
  const file = path.join(dir, "refold.config.ts");
  await writeFile(
    file,
    `import { defineConfig } from ${JSON.stringify(CONFIG_MODULE)};\n\nexport default defineConfig(${body});\n`,
  );
  return { dir, file };
}

describe("refold.config.ts", () => {
  it("is found in the working directory and loaded with its types", async () => {
    const { dir } = await configDir(
      `{ apps: ["hubspot"], out: "client", concurrency: 3, requestTimeoutMs: 5000, kinds: { "hubspot/search_contacts": "read" } }`,
    );
    expect(await loadConfig(dir)).toEqual({
      apps: ["hubspot"],
      out: "client",
      concurrency: 3,
      requestTimeoutMs: 5000,
      kinds: { "hubspot/search_contacts": "read" },
    });
    expect(await loadConfig(await tempDir())).toBeUndefined();
  });

  it("sets the options, and CLI flags override it", async () => {
    const { file } = await configDir(
      `{ apps: ["hubspot", "slack"], out: "from-config", baseUrl: ${JSON.stringify(emulator.url)}, linkedAccountId: "globex", concurrency: 3, requestTimeoutMs: 2500, strict: true }`,
    );
    const env = { REFOLD_LINKED_ACCOUNT_ID: "acme" };
    const fromConfig = (await parseCli(["generate", "--config", file], env)).options;
    expect(fromConfig).toMatchObject({
      apps: ["hubspot", "slack"],
      out: "from-config",
      baseUrl: emulator.url,
      linkedAccountId: "globex",
      concurrency: 3,
      requestTimeoutMs: 2500,
      strict: true,
      // A base URL alone never means live: only credentials do.
      offline: true,
    });
    const flags = (
      await parseCli(
        [
          "generate",
          "--config",
          file,
          "--out",
          "flag-out",
          "--apps",
          "hubspot",
          "--concurrency",
          "5",
          "--linked-account",
          "initech",
          "--offline",
        ],
        env,
      )
    ).options;
    expect(flags).toMatchObject({
      // Config apps is the scope; --apps only narrows what this run refreshes.
      apps: ["hubspot", "slack"],
      refresh: ["hubspot"],
      out: "flag-out",
      concurrency: 5,
      linkedAccountId: "initech",
      offline: true,
    });
  });

  it.each([
    [
      `{ apiKey: "tk_config_secret" } as any`,
      /"apiKey" is not allowed: secrets come only from the environment/,
    ],
    [`{ sessionToken: "x" } as any`, /"sessionToken" is not allowed/],
    [`{ outDir: "x" } as any`, /unknown option "outDir"/],
    [`{ concurrency: 0 }`, /concurrency must be a positive integer/],
    [
      `{ kinds: { "create_contact": "read" } }`,
      /kinds\["create_contact"\] must be "read" or "write", keyed by "slug\/action_id"/,
    ],
  ])("refuses %s with exit 2", async (body, message) => {
    const { file } = await configDir(body);
    await expect(loadConfig(path.dirname(file))).rejects.toThrow(UsageError);
    const run = await runMain(["generate", "--config", file], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain("tk_config_secret");
  });

  it("a missing --config file is a usage error", async () => {
    const run = await runMain(["generate", "--config", path.join(await tempDir(), "nope.ts")], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Config file not found/);
  });

  it("drives a live run: apps, account and output from the config, the key from the environment", async () => {
    const out = path.join(await tempDir(), "client");
    const { file } = await configDir(
      `{ apps: ["hubspot", "acme_backend"], out: ${JSON.stringify(out)}, baseUrl: ${JSON.stringify(emulator.url)}, linkedAccountId: "globex", rateLimit: { requestsPerSecond: 50, burst: 10 } }`,
    );
    const run = await runMain(["generate", "--config", file], { REFOLD_API_KEY: emulator.apiKey });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(await readdir(path.join(out, "schemas"))).toEqual(["acme_backend.json", "hubspot.json"]);
    const tree = await readTreeText(out);
    // acme_backend is not in the app list (its one-app request answers 404): asked for by slug.
    expect(tree["schemas/acme_backend.json"]).toContain("sync_renewal_date");
    expect(tree["apps/acme_backend.ts"]).toContain("syncRenewalDate");
    expect(tree["schemas/hubspot.json"]).toContain("globex_region");
    const discovery = emulator.requests.filter((r) => r.endpoint !== undefined);
    expect(discovery.map((r) => r.endpoint)).not.toContain("list-apps");
    expect(new Set(discovery.map((r) => r.linkedAccountId))).toEqual(new Set(["globex"]));
  });
});
