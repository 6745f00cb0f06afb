// The documented policy at the command line: an app-level problem fails the run (exit 1, a
// GenerationError naming the file, no stack trace, nothing written); an action/field problem is a
// warning naming app, action and field (exit 0), and --strict turns warnings into exit 1.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, hashTree, scratchDir } from "./helpers.js";

const dir = scratchDir("cli");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `<out>/schemas/<file>` holding `text`; runs the CLI offline on it. */
async function cli(name: string, files: Record<string, string>, extra: string[] = []) {
  const out = path.join(dir, name);
  mkdirSync(path.join(out, "schemas"), { recursive: true });
  for (const [file, text] of Object.entries(files))
    writeFileSync(path.join(out, "schemas", file), text);
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [CLI, "generate", "--out", out, "--offline", ...extra],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1", CI: "1" } },
    );
    return { code: 0, stdout, stderr, out };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, out };
  }
}

const NO_STACK = /\n\s+at .+:\d+:\d+|internal error/;
const deep = "[".repeat(5000) + "]".repeat(5000);

describe("CLI policy on hostile snapshots", () => {
  const failing: [string, Record<string, string>, RegExp][] = [
    ["not JSON", { "x.json": "{ nope" }, /x\.json is not valid JSON/],
    [
      "5,000 levels of nesting",
      {
        "x.json": `{"app":{"slug":"x"},"actions":[{"action_id":"a","parameters":[],"v":${deep}}]}`,
      },
      /x\.json: nested deeper than 64 levels/,
    ],
    [
      "a slug ..",
      { "x.json": '{"app":{"slug":".."},"actions":[]}' },
      /x\.json: the slug "\.\." cannot be a URL path segment/,
    ],
    ["no slug", { "x.json": '{"app":{},"actions":[]}' }, /x\.json: the app has no slug/],
    [
      "a duplicate slug",
      {
        "a.json": '{"app":{"slug":"x"},"actions":[]}',
        "b.json": '{"app":{"slug":"x"},"actions":[]}',
      },
      /a\.json and .*b\.json: two apps have the slug "x"/,
    ],
  ];
  it.each(failing)(
    "%s: exit 1, a message naming the file, no stack trace, nothing written",
    async (name, files, message) => {
      const { code, stderr, out } = await cli(name.replace(/\W+/g, "-"), files);
      expect(code).toBe(1);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(NO_STACK);
      expect([...hashTree(out).keys()].every((f) => f.startsWith("schemas"))).toBe(true);
      expect(existsSync(path.join(out, "index.ts"))).toBe(false);
    },
  );

  const warned = JSON.stringify({
    app: { slug: "crm\u001b[31m" },
    actions: [
      { action_id: "create", parameters: [{ name: "e\u202e", type: "text", required: "yes" }] },
      { action_id: "update", parameters: "oops" },
    ],
  });

  it("action and field problems: warnings naming app, action and field (escaped), exit 0", async () => {
    const { code, stderr, out } = await cli("warn", { "crm.json": warned });
    expect(code).toBe(0);
    expect(stderr).toContain(
      'warning: crm\\u{1b}[31m/create field "e\\u{202e}": required is string "yes", not a boolean; treated as optional.',
    );
    expect(stderr).toContain("warning: crm\\u{1b}[31m/update: parameters is string");
    expect(stderr).not.toMatch(/[\u001b\u202e]/);
    expect(existsSync(path.join(out, "index.ts"))).toBe(true);
  });

  it("--strict turns the warnings into exit 1 and writes nothing", async () => {
    const { code, stderr, out } = await cli("strict", { "crm.json": warned }, ["--strict"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--strict: 2 warning\(s\); nothing was written/);
    expect(stderr).not.toMatch(NO_STACK);
    expect(existsSync(path.join(out, "index.ts"))).toBe(false);
  });
});
