// Same input, same bytes: two runs agree, the cache changes nothing, and the committed generated/
// equals a fresh run (the same gate `npm run generate -- --check` gives CI).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../generator/generate.js";
import { defaultOptions } from "../generator/core/options.js";
import { readOutputDir } from "../generator/output/writeOutput.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const snapshotDir = path.join(root, "generated/schemas");
const tmp = mkdtempSync(path.join(tmpdir(), "refold-determinism-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const options = (out: string, over: Partial<ReturnType<typeof defaultOptions>> = {}) => ({
  ...defaultOptions({}),
  out: path.join(tmp, out),
  snapshotDir,
  ...over,
});
const cli = (args: string[]) =>
  promisify(execFile)(
    process.execPath,
    [path.join(root, "bin/refold-gen.js"), "generate", ...args],
    { cwd: root, env: { ...process.env, REFOLD_API_KEY: "", CI: "true" } },
  ).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe("determinism", () => {
  it("two runs give identical bytes, and a cached run equals an uncached one", async () => {
    await generate(options("a", { cache: false }));
    await generate(options("b", { cache: false }));
    const second = await generate(options("b"));
    expect(second.emitted).toEqual([]); // nothing re-emitted: every app came from the cache
    expect(second.wrote).toBe(false);
    const a = await readOutputDir(path.join(tmp, "a"));
    const b = await readOutputDir(path.join(tmp, "b"));
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, text] of a) expect(b.get(file), file).toBe(text);
    expect(a.get("manifest.json")).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
  });

  it("an unchanged output is recognised from its manifest: warnings replayed, nothing emitted, a hand edit noticed", async () => {
    const out = path.join(tmp, "fast");
    const first = await generate(options("fast", { snapshotDir: undefined }));
    await generate({ ...options("fast"), snapshotDir: undefined, out });
    const second = await generate({ ...options("fast"), snapshotDir: undefined, out });
    expect(second.emitted).toEqual([]);
    expect(second.wrote).toBe(false);
    expect(second.diagnostics.format()).toEqual(first.diagnostics.format());
    expect(second.diagnostics.items.length).toBeGreaterThan(0);
    const file = path.join(out, "index.ts");
    writeFileSync(file, readFileSync(file, "utf8") + "// hand edit\n");
    const third = await generate({ ...options("fast"), snapshotDir: undefined, out });
    expect(third.changes.modified).toEqual(["index.ts"]);
    expect(readFileSync(file, "utf8")).not.toContain("hand edit");
  });

  it("the committed generated/ equals a fresh run (refold-gen generate --check exits 0)", async () => {
    const result = await cli(["--check"]);
    expect(result.stderr).toBe(
      'warning: jira/add_attachment field "file": unknown type "file"; typed as unknown.\n',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/generated is current \(9 apps, \d+ actions\)/);
  });

  it("--check exits 1 and names the stale file after a hand edit; --dry-run lists it and writes nothing", async () => {
    const out = path.join(tmp, "edited");
    await generate(options("edited"));
    const file = path.join(out, "apps/slack.ts");
    writeFileSync(file, readFileSync(file, "utf8") + "// hand edit\n");
    const check = await cli(["--check", "--out", out, "--offline"]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain("~ apps/slack.ts");
    const dry = await cli(["--dry-run", "--out", out, "--offline"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("~ apps/slack.ts");
    expect(readFileSync(file, "utf8")).toContain("// hand edit");
  });

  it("npm run generate prints a one-line summary with apps, actions, files written and time", async () => {
    const result = await cli(["--out", path.join(tmp, "summary"), "--offline"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^refold-gen: 9 apps, \d+ actions, \d+ file\(s\) written .* in \d+\.\d\d s\n$/,
    );
  });

  it("usage errors exit 2", async () => {
    expect((await cli(["--bogus"])).code).toBe(2);
    const unknown = await cli(["--apps", "myspace", "--out", path.join(tmp, "x"), "--offline"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown app slug in --apps: myspace");
  });
});
