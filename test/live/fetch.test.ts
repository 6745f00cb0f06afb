/**
 * The fetch path end to end against the local server: the live catalog reproduces the committed
 * snapshot byte for byte, and the rest of the output equals an offline generation of it.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions } from "../../generator/core/options.js";
import { serializeAppSnapshot } from "../../generator/core/snapshot.js";
import {
  COMMITTED_SCHEMAS,
  emptyConfig,
  instantDeps,
  liveOptions,
  readTreeText,
  recordingReporter,
  runMain,
  tempDir,
  useLiveEmulator,
} from "./helpers.js";

let emulator: Emulator;
useLiveEmulator((started) => (emulator = started));
afterEach(() => {
  emulator.settings.wrappedLists = false;
});

async function committedSchemas(): Promise<Record<string, string>> {
  const names = (await readdir(COMMITTED_SCHEMAS)).filter((n) => n.endsWith(".json")).sort();
  const entries = await Promise.all(
    names.map(async (n) => [n, await readFile(path.join(COMMITTED_SCHEMAS, n), "utf8")] as const),
  );
  return Object.fromEntries(entries);
}

/** The catalog the live source returns, serialized as the pipeline does. */
async function fetchSerialized(
  options = {},
  env: NodeJS.ProcessEnv = { REFOLD_API_KEY: emulator.apiKey },
) {
  const source = liveSource(
    liveOptions(emulator.url, "unused", { defaultApp: "acme_backend", ...options }),
    env,
    recordingReporter(),
    instantDeps(),
  );
  const files = await source();
  return Object.fromEntries(
    files.map((f) => [`${f.snapshot.app.slug}.json`, serializeAppSnapshot(f.snapshot)]),
  );
}

describe("live fetch end to end", () => {
  it("`generate --base-url` reproduces the committed snapshot, and the output equals an offline run", async () => {
    const live = path.join(await tempDir(), "out");
    const result = await runMain(
      [
        "generate",
        "--base-url",
        emulator.url,
        "--out",
        live,
        "--linked-account",
        "acme",
        "--default-app",
        "acme_backend",
        "--config",
        await emptyConfig(),
      ],
      { REFOLD_API_KEY: emulator.apiKey },
    );
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/refold-gen: 9 apps, 76 actions/);

    const liveTree = await readTreeText(live);
    const schemas = Object.fromEntries(
      Object.entries(liveTree)
        .filter(([f]) => f.startsWith("schemas/"))
        .map(([f, t]) => [f.slice("schemas/".length), t]),
    );
    expect(schemas).toEqual(await committedSchemas());

    const offline = path.join(await tempDir(), "out");
    await generate({ ...defaultOptions({}), out: offline, snapshotDir: COMMITTED_SCHEMAS });
    expect(liveTree).toEqual(await readTreeText(offline));

    // Every documented request was made, with the account header and the key (redacted in the log).
    const endpoints = emulator.requests.map((r) => r.endpoint);
    expect(endpoints.filter((e) => e === "list-apps")).toHaveLength(1);
    expect(endpoints.filter((e) => e === "list-actions")).toHaveLength(9);
    expect(endpoints.filter((e) => e === "get-action")).toHaveLength(76);
    // The default app is asked for by slug only: no one-app request.
    expect(endpoints.filter((e) => e === "get-app")).toHaveLength(0);
    for (const r of emulator.requests) {
      expect(r.method).toBe("GET");
      expect(r.linkedAccountId).toBe("acme");
      expect(r.auth).toBe("api-key");
      expect(r.status).toBe(200);
    }
  });

  it("accepts the wrapped list forms {actions} / {parameters} with the same result", async () => {
    const bare = await fetchSerialized();
    emulator.settings.wrappedLists = true;
    expect(await fetchSerialized()).toEqual(bare);
    expect(bare).toEqual(await committedSchemas());
  });

  it("authenticates with a session token (Bearer) instead of the key", async () => {
    const { token } = emulator.mintSessionToken("acme");
    const files = await fetchSerialized(
      { linkedAccountId: undefined },
      { REFOLD_SESSION_TOKEN: token },
    );
    expect(files).toEqual(await committedSchemas());
    for (const r of emulator.requests) {
      expect(r.auth).toBe("session-token");
      expect(r.headers["x-api-key"]).toBeUndefined();
      expect(r.headers["linked_account_id"]).toBeUndefined();
    }
  });

  it("fetches only the apps named by --apps, one app object each", async () => {
    const files = await fetchSerialized({ apps: ["slack", "hubspot"] });
    expect(Object.keys(files).sort()).toEqual(["hubspot.json", "slack.json"]);
    const committed = await committedSchemas();
    expect(files["slack.json"]).toBe(committed["slack.json"]);
    const endpoints = emulator.requests.map((r) => r.endpoint);
    expect(endpoints).not.toContain("list-apps");
    expect(endpoints.filter((e) => e === "get-app")).toHaveLength(2);
  });

  it("percent-encodes slugs and action ids exactly once", async () => {
    const odd = await startEmulator({
      catalog: [
        {
          app: { slug: "odd app/x", name: "Odd" },
          actions: [
            { action_id: "a/b%c d", name: "Slashy", parameters: [{ name: "q", type: "text" }] },
            { action_id: "..", name: "Dots", parameters: [] },
            { action_id: "ünï?#", name: "Unicode", parameters: [{ name: "u", type: "json" }] },
          ],
        },
      ],
    });
    try {
      const source = liveSource(
        liveOptions(odd.url, "unused"),
        { REFOLD_API_KEY: odd.apiKey },
        recordingReporter(),
        instantDeps(),
      );
      const [file] = await source();
      expect(file.snapshot.actions.map((a) => [a.action_id, a.parameters])).toEqual([
        ["a/b%c d", [{ name: "q", type: "text" }]],
        // Not requested: `..` is no usable action id, skipped with a warning in both modes.
        ["..", undefined],
        ["ünï?#", [{ name: "u", type: "json" }]],
      ]);
      const paths = odd.requests.map((r) => r.path);
      expect(paths).toContain("/api/v2/integration-schema/odd%20app%2Fx/actions/a%2Fb%25c%20d");
      expect(paths).not.toContain("/api/v2/integration-schema/odd%20app%2Fx/actions/%2E%2E");
      expect(paths).toContain(
        `/api/v2/integration-schema/odd%20app%2Fx/actions/${encodeURIComponent("ünï?#")}`,
      );
      expect(odd.requests.every((r) => r.status === 200)).toBe(true);
    } finally {
      await odd.close();
    }
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    emulator.fault({ match: { endpoint: "get-action", slug: "hubspot" }, kind: "delay", ms: 120 });
    await fetchSerialized({ apps: ["hubspot"], concurrency: 2 });
    const arrivals = emulator.requests
      .filter((r) => r.endpoint === "get-action")
      .map((r) => r.at)
      .sort((a, b) => a - b);
    expect(arrivals).toHaveLength(8);
    // Two run together; a third only starts once one of them has answered.
    expect(arrivals[1] - arrivals[0]).toBeLessThan(120);
    for (let i = 0; i + 2 < arrivals.length; i++)
      expect(arrivals[i + 2] - arrivals[i]).toBeGreaterThanOrEqual(100);
  });

  it("reports progress with app and action counts, and ends it", async () => {
    const reporter = recordingReporter();
    await liveSource(
      liveOptions(emulator.url, "unused"),
      { REFOLD_API_KEY: emulator.apiKey },
      reporter,
      instantDeps(),
    )();
    // Without defaultApp, the app list's 8 apps: acme_backend (the API proxies) is not among them.
    expect(reporter.lines.at(-1)).toBe("Fetching apps: 8/8, actions: 73/73");
    expect(reporter.lines).toContain("Fetching apps: 0/8, actions: 0/0");
    expect(reporter.ended).toBe(1);
  });
});
