// A snapshot file touched but not changed: the check sees a changed stamp and starts the emit
// worker early (see `generate.ts`), then finds the output current. The worker must end with the
// run: the CLI exits, reports nothing written, and leaves the output as it was.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync, utimesSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, hashTree, scratchDir } from "../hostile/helpers.js";

const dir = scratchDir("touched");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a touched snapshot file", () => {
  it("gives a current output, and the run ends", () => {
    const out = path.join(dir, "generated");
    cpSync(path.resolve("generated/schemas"), path.join(out, "schemas"), { recursive: true });
    const run = () =>
      execFileSync(process.execPath, [CLI, "generate", "--offline", "--out", out], {
        cwd: dir,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 60_000,
      });
    run();
    const before = hashTree(out);
    const later = new Date(Date.now() + 5_000);
    utimesSync(path.join(out, "schemas", "hubspot.json"), later, later);
    expect(run()).toMatch(/0 file\(s\) written/);
    expect(hashTree(out)).toEqual(before);
  }, 120_000);
});
