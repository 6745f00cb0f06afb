// Size caps fail as user errors (exit 1, naming what and where), never as exit 70: a 540 MiB
// snapshot file (sparse, so the test writes no data), an app whose snapshot outgrows a string, and
// a catalog over its cap.
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkCatalogSize,
  MAX_CATALOG_BYTES,
  MAX_SNAPSHOT_FILE_BYTES,
} from "../../generator/core/limits.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions } from "../../generator/core/options.js";
import { serializeAppSnapshot } from "../../generator/core/snapshot.js";
import { CLI, scratchDir } from "./helpers.js";

const dir = scratchDir("limits");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  return promisify(execFile)(process.execPath, [CLI, "generate", "--offline", ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", CI: "1" },
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

/** The real pipeline on a snapshot directory (what `--offline` with a config's snapshot dir runs). */
const fromSnapshots = (snapshotDir: string, out: string) =>
  generate({ ...defaultOptions({}), out: path.join(dir, out), offline: true, snapshotDir });

const sparse = (file: string, bytes: number) => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, "");
  truncateSync(file, bytes);
};

describe("size caps", () => {
  it("a 540 MiB snapshot file in the output: exit 1 naming the file and the cap", async () => {
    const out = path.join(dir, "out");
    const file = path.join(out, "schemas", "big.json");
    sparse(file, 540 * 1024 * 1024);
    const { code, stderr } = await cli(["--out", out]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}: the output file is 540 MiB, more than the cap of 128 MiB.`);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("a 540 MiB file in a snapshot directory: exit 1 naming the file", async () => {
    const snapshots = path.join(dir, "snapshots");
    sparse(path.join(snapshots, "big.json"), 540 * 1024 * 1024);
    const run = fromSnapshots(snapshots, "out2");
    await expect(run).rejects.toMatchObject({ code: "INPUT_TOO_LARGE", exitCode: 1 });
    await expect(run).rejects.toThrow(
      `${path.join(snapshots, "big.json")}: the snapshot file is 540 MiB, more than the cap of 128 MiB.`,
    );
  });

  it("snapshot files that are each under the cap but together over the catalog cap", async () => {
    const snapshots = path.join(dir, "many");
    for (let i = 0; i < 5; i++) sparse(path.join(snapshots, `a${i}.json`), 120 * 1024 * 1024);
    const run = fromSnapshots(snapshots, "out3");
    await expect(run).rejects.toMatchObject({ code: "INPUT_TOO_LARGE", exitCode: 1 });
    await expect(run).rejects.toThrow(
      `${snapshots}: the catalog is 600 MiB, more than the cap of 512 MiB.`,
    );
  });

  const app = (slug: string, text: string) => ({
    app: { slug, description: text },
    actions: [],
  });
  const table: [string, number, RegExp | undefined][] = [
    ["under the cap", 10_000, undefined],
    ["over the cap", 100, /^app "crm": its snapshot is 0 MiB, more than the cap of 0 MiB/],
  ];
  it.each(table)("serializeAppSnapshot: %s", (_, cap, error) => {
    const run = () => serializeAppSnapshot(app("crm", "x".repeat(500)), cap);
    if (error) expect(run).toThrow(error);
    else expect(run()).toContain('"slug": "crm"');
  });

  it("a snapshot too long for a JavaScript string is a user error naming the app", () => {
    // What JSON.stringify throws past ~512 MiB, without building 512 MiB.
    const huge = {
      toJSON() {
        throw new RangeError("Invalid string length");
      },
    };
    const run = () => serializeAppSnapshot({ app: { slug: "crm", huge }, actions: [] });
    expect(run).toThrow(expect.objectContaining({ code: "INPUT_TOO_LARGE", exitCode: 1 }));
    expect(run).toThrow(/app "crm": its snapshot is more than 512 MiB/);
  });

  it("checkCatalogSize counts bytes, not UTF-16 units", () => {
    expect(() => checkCatalogSize(["é".repeat(60)], 100)).toThrow(/the catalog is/);
    expect(() => checkCatalogSize(["e".repeat(60)], 100)).not.toThrow();
    expect(MAX_SNAPSHOT_FILE_BYTES).toBeLessThan(MAX_CATALOG_BYTES);
  });
});
