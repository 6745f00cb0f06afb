/**
 * `generate --watch`: regenerates when a snapshot file or the config changes; a failed run keeps
 * the last good output and says why; the next good change regenerates; SIGINT exits 0.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { until } from "../helpers/until.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "refold-watch-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("regenerates on change, keeps the last good output on failure, and stops on SIGINT", async () => {
  const out = path.join(tmp, "client");
  mkdirSync(path.join(out, "schemas"), { recursive: true });
  for (const app of ["hubspot", "slack"])
    cpSync(
      path.join(REPO, "generated/schemas", `${app}.json`),
      path.join(out, "schemas", `${app}.json`),
    );
  writeFileSync(path.join(tmp, "refold.config.mjs"), `export default { out: "client" };\n`);
  const child = spawn(
    process.execPath,
    [path.join(REPO, "bin/refold-gen.js"), "generate", "--watch", "--offline"],
    {
      cwd: tmp,
      env: { ...process.env, NO_COLOR: "1", CI: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (c) => (log += c));
  child.stderr.on("data", (c) => (log += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const waitForLog = (pattern: RegExp, count: number) =>
    until(
      () => (log.match(new RegExp(pattern, "g")) ?? []).length >= count,
      () => `${pattern} ×${count}:\n${log}`,
      60_000,
    );
  const module = () => readFileSync(path.join(out, "apps/hubspot.ts"), "utf8");
  const schema = path.join(out, "schemas/hubspot.json");
  try {
    await waitForLog(/watching .* for changes/, 1);
    expect(log).toMatch(/2 apps, \d+ actions/);
    const first = module();

    // A snapshot edit: a new label appears in the module.
    writeFileSync(
      schema,
      readFileSync(schema, "utf8").replace("Enter Email", "Work email address"),
    );
    await waitForLog(/watching .* for changes/, 2);
    expect(module()).toContain("Work email address");
    expect(module()).not.toBe(first);
    const good = module();

    // A broken snapshot: the run fails, says why, and the output stays as it was.
    writeFileSync(schema, "{ not json");
    await waitForLog(/last good output is unchanged/, 1);
    expect(log).toMatch(/hubspot\.json is not valid JSON/);
    expect(module()).toBe(good);

    // Fixed again: regenerates.
    writeFileSync(schema, readFileSync(path.join(REPO, "generated/schemas/hubspot.json"), "utf8"));
    await waitForLog(/watching .* for changes/, 3);
    expect(module()).toBe(first);

    // A config edit takes effect (the config is re-imported, not cached).
    writeFileSync(
      path.join(tmp, "refold.config.mjs"),
      `export default { out: "client", kinds: { "hubspot/create_contact": "read" } };\n`,
    );
    await waitForLog(/watching .* for changes/, 4);
    expect(module()).toContain('createContact: ["create_contact", "read"]');
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited).toBe(0);
}, 300_000);
