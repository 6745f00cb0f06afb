// The formatter config is remembered with the stamps of every file prettier could read it from, so
// a run whose config files are unchanged does not load prettier; any change to those files, a new
// one, or a config that is not plain data makes prettier resolve it again.
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolvePrettierConfig } from "../../generator/emit/prettierConfig.js";
import { configStamps, formatterConfig } from "../../generator/output/formatterConfig.js";
import { statCacheFile } from "../../generator/output/statCache.js";

const root = path.join(import.meta.dirname, `.tmp-formatter-config-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A project with `files` (path → text) and its output directory `gen`. */
function project(files: Record<string, string>): { dir: string; out: string; record: string } {
  const dir = path.join(root, `p${n++}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const out = path.join(dir, "gen");
  mkdirSync(out, { recursive: true });
  return { dir, out, record: statCacheFile(out, "prettier") };
}

/** Rewrites the recorded options, to tell a recorded answer from prettier's. */
function tamper(record: string, options: Record<string, unknown>): void {
  const value = JSON.parse(readFileSync(record, "utf8"));
  value.config.options = options;
  writeFileSync(record, JSON.stringify(value));
}

describe("formatterConfig", () => {
  it("answers from the record while no config file changed", async () => {
    const { out, record } = project({ ".prettierrc.json": '{ "printWidth": 90 }' });
    expect((await formatterConfig(out)).options).toEqual({ printWidth: 90 });
    tamper(record, { printWidth: 42 });
    // Prettier would say 90: the record answered.
    expect((await formatterConfig(out)).options).toEqual({ printWidth: 42 });
  });

  // given a change to the project's config files → want prettier's answer again
  const changes: [string, Record<string, string>, (dir: string) => void][] = [
    [
      "the config file edited",
      { ".prettierrc.json": '{ "printWidth": 90 }' },
      (dir) => writeFileSync(path.join(dir, ".prettierrc.json"), '{ "printWidth": 120 }'),
    ],
    [
      "the config file touched",
      { ".prettierrc.json": '{ "printWidth": 90 }' },
      (dir) => utimesSync(path.join(dir, ".prettierrc.json"), new Date(), new Date(2001, 1, 1)),
    ],
    [
      "a nearer config file added",
      { ".prettierrc.json": '{ "printWidth": 90 }' },
      (dir) => writeFileSync(path.join(dir, "gen", ".prettierrc"), '{ "tabWidth": 4 }'),
    ],
    [
      "the config file removed",
      { ".prettierrc.json": '{ "printWidth": 90 }' },
      (dir) => rmSync(path.join(dir, ".prettierrc.json")),
    ],
    [
      "a prettier key added to package.json",
      { "package.json": '{ "name": "app" }' },
      (dir) =>
        writeFileSync(
          path.join(dir, "package.json"),
          '{ "name": "app", "prettier": { "semi": false } }',
        ),
    ],
  ];
  it.each(changes)("%s: prettier resolves it again", async (_, files, change) => {
    const { dir, out, record } = project(files);
    await formatterConfig(out);
    tamper(record, { printWidth: 42 });
    change(dir);
    const got = await formatterConfig(out);
    expect(got.options).not.toEqual({ printWidth: 42 });
    expect(got).toEqual(await resolvePrettierConfig(out));
  });

  // given a config that is not plain data → want no record (prettier resolves it every run)
  const notData: [string, Record<string, string>][] = [
    ["YAML (may name a shared config)", { ".prettierrc": "printWidth: 90\n" }],
    ["a string in package.json (a shared config)", { "package.json": '{ "prettier": "x" }' }],
    ["code", { "prettier.config.mjs": "export default { printWidth: 90 };\n" }],
  ];
  it.each(notData)("%s is not recorded", async (_, files) => {
    const { out, record } = project(files);
    await formatterConfig(out).catch(() => undefined);
    expect(existsSync(record)).toBe(false);
  });

  it("stamps the names prettier looks for in a directory that does not exist yet", async () => {
    const { dir, record } = project({ ".prettierrc.json": '{ "printWidth": 90 }' });
    const out = path.join(dir, "later");
    const stamps = configStamps(out);
    expect(stamps[path.join(out, ".prettierrc.json")]).toBe("none");
    await formatterConfig(out);
    tamper(statCacheFile(out, "prettier"), { printWidth: 42 });
    expect(record).not.toBe(statCacheFile(out, "prettier"));
    // The output directory appears with its own config: prettier resolves again.
    mkdirSync(out);
    writeFileSync(path.join(out, ".prettierrc.json"), '{ "tabWidth": 4 }');
    expect((await formatterConfig(out)).options).toEqual({ tabWidth: 4 });
  });

  it("stamps every config-like file from the directory up to the root", () => {
    const { dir, out } = project({ "package.json": "{}", "gen/.prettierrc.json5": "{}" });
    const stamps = Object.keys(configStamps(out));
    expect(stamps).toContain(path.join(out, ".prettierrc.json5"));
    expect(stamps).toContain(path.join(dir, "package.json"));
    expect(stamps.every((f) => /(prettier|package\.json)/.test(path.basename(f)))).toBe(true);
  });
});
