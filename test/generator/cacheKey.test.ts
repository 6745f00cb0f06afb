// Issue 12, item 1: nothing the cache reuses may outlive a change of a library on the emit path.
// An upgrade of json-schema-to-typescript (a new reported version whose output differs) must make
// --check run the pipeline, re-emit the modules and name them as stale: neither the fast path nor
// plan reuse by input hash may answer from the previous output.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generate } from "../../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";

const upgrade = vi.hoisted(() => ({ version: false, output: false }));

vi.mock("../../generator/output/runKey.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../generator/output/runKey.js")>();
  return {
    ...real,
    libraryVersions: () =>
      upgrade.version
        ? { ...real.libraryVersions(), "json-schema-to-typescript": "99.0.0" }
        : real.libraryVersions(),
  };
});

vi.mock("../../generator/emit/jsonSchemaToTs.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../generator/emit/jsonSchemaToTs.js")>();
  return {
    ...real,
    compile: async (...args: Parameters<typeof real.compile>) => {
      const code = await real.compile(...args);
      return upgrade.output
        ? code.replace("export interface ", "/** Upgraded. */\nexport interface ")
        : code;
    },
  };
});

const dir = path.join(import.meta.dirname, `.tmp-cachekey-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function outputWithSnapshot(name: string): GenerateOptions {
  const out = path.join(dir, name);
  mkdirSync(path.join(out, "schemas"), { recursive: true });
  writeFileSync(
    path.join(out, "schemas", "crm.json"),
    JSON.stringify({
      app: { slug: "crm", name: "CRM" },
      actions: [
        { action_id: "get_contact", parameters: [{ name: "id", type: "text", required: true }] },
      ],
    }),
  );
  // One app: emitted in this thread, where the mocks apply.
  return { ...defaultOptions({}), out, offline: true, workers: 1 };
}

describe("--check after an emit library changed", () => {
  const table: [string, { version: boolean; output: boolean }, string[]][] = [
    // given the upgrade → want the files --check names as stale (the manifest records the key)
    ["nothing changed", { version: false, output: false }, []],
    ["a new version with the same output", { version: true, output: false }, ["manifest.json"]],
    [
      "a new version whose output differs",
      { version: true, output: true },
      ["apps/crm.ts", "manifest.json"],
    ],
  ];
  it.each(table)("%s", async (name, given, wantStale) => {
    const options = outputWithSnapshot(name.replaceAll(" ", "-"));
    upgrade.version = upgrade.output = false;
    await generate(options);
    Object.assign(upgrade, given);
    try {
      const check = await generate({ ...options, mode: "check" });
      // Nothing emitted: answered from the previous output (fast path or reuse by input hash).
      expect(check.emitted).toEqual(given.version ? ["crm"] : []);
      expect(check.changes.modified).toEqual(wantStale);
      expect(check.changes.added).toEqual([]);
      expect(check.changes.removed).toEqual([]);
    } finally {
      upgrade.version = upgrade.output = false;
    }
  });
});
