/**
 * A sentinel credential never appears in any file written or in anything printed: the real binary
 * runs in a child process (stdout/stderr captured) against the local server, through success,
 * drift, rejection and network failure.
 */
import { randomBytes } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server.js";
import { cleanupTemp, runBin, tempDir } from "./helpers.js";

const SENTINEL = `tk_SENTINEL_${randomBytes(8).toString("hex")}`;
const WRONG = `tk_SENTINEL_WRONG_${randomBytes(8).toString("hex")}`;
const TOKEN = `st_SENTINEL_TOKEN_${randomBytes(8).toString("hex")}`;
const SECRETS = [SENTINEL, WRONG, TOKEN];

let emulator: Emulator;
let work: string;
const printed: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ apiKeys: [SENTINEL] });
  work = await tempDir("refold-secrets-");
});
afterAll(async () => {
  await emulator.close();
  await cleanupTemp();
});

async function run(args: string[], env: NodeJS.ProcessEnv) {
  const result = await runBin(
    ["generate", "--base-url", emulator.url, "--out", path.join(work, "generated"), ...args],
    env,
    work,
  );
  printed.push(result.stdout, result.stderr);
  return result;
}

/** Every file under `dir`, as text. */
async function allFiles(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(full, await readFile(full, "latin1"));
    }
  return files;
}

const LONG = 180_000; // each case starts the real binary (tsx, generator) in a child process
const env = { REFOLD_API_KEY: SENTINEL, REFOLD_LINKED_ACCOUNT_ID: "acme" };

describe("a sentinel credential", () => {
  it(
    "a successful live run: one summary line, no progress when piped",
    { timeout: LONG },
    async () => {
      const first = await run(["--report-json", path.join(work, "report.json")], env);
      expect(first.stderr).not.toMatch(/error/);
      expect(first.code).toBe(0);
      expect(first.stderr).not.toContain("Fetching apps");
      expect(first.stdout).toMatch(/^refold-gen: 8 apps, 73 actions, \d+ file\(s\) written/m);
    },
  );

  it("--check after upstream drift", { timeout: LONG }, async () => {
    emulator.updateCatalog((apps) => {
      const slack = apps.find((a) => a.app.slug === "slack")!;
      slack.actions = slack.actions.filter((a) => a.action_id !== "send_message");
    });
    const drift = await run(["--check", "--report-json", path.join(work, "check.json")], env);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/BREAKING\s+slack\/send_message: action-removed/);
  });

  it("a rejected key and a rejected session token", { timeout: LONG }, async () => {
    const [rejected, token] = await Promise.all([
      run([], { REFOLD_API_KEY: WRONG, REFOLD_LINKED_ACCOUNT_ID: "acme" }),
      run([], { REFOLD_SESSION_TOKEN: TOKEN }),
    ]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/refold-gen: error: API key rejected \(HTTP 401 /);
    expect(token.code).toBe(1);
    expect(token.stderr).toMatch(/refold-gen: error: Session token rejected \(HTTP 401 /);
  });

  it("an unreachable server", { timeout: LONG }, async () => {
    const unreachable = await runBin(
      ["generate", "--base-url", "http://127.0.0.1:1", "--out", path.join(work, "generated")],
      env,
      work,
    );
    printed.push(unreachable.stdout, unreachable.stderr);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/connection was refused/);
  });

  it("appears in no file written and nothing printed", async () => {
    expect(printed.length).toBe(10);
    const files = await allFiles(work);
    expect(files.size).toBeGreaterThan(30);
    for (const [file, text] of files)
      for (const secret of SECRETS)
        expect(text.includes(secret), `${secret} in ${file}`).toBe(false);
    for (const text of printed) for (const secret of SECRETS) expect(text).not.toContain(secret);
    // The server did receive the key (so the checks above mean something).
    expect(emulator.requests.some((r) => r.auth === "api-key" && r.status === 200)).toBe(true);
  });
});
