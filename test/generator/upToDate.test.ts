// The up-to-date fast path's key covers every input that shapes the output: a different version of
// an output library (or of the generator) means --check must run the pipeline, not trust the cache.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFormatter } from "../../generator/emit/format.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";
import { currentOutput } from "../../generator/output/currentOutput.js";
import { libraryVersions, OUTPUT_LIBRARIES, runKey } from "../../generator/output/runKey.js";
import { statCacheFile } from "../../generator/output/statCache.js";

const dir = path.join(import.meta.dirname, `.tmp-uptodate-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("run key", () => {
  it("reads each output library's version from the package Node resolves", () => {
    const versions = libraryVersions();
    expect(Object.keys(versions)).toEqual(OUTPUT_LIBRARIES);
    const pkg = JSON.parse(
      readFileSync(
        path.join(import.meta.dirname, "../../node_modules/prettier/package.json"),
        "utf8",
      ),
    );
    expect(versions.prettier).toBe(pkg.version);
    for (const version of Object.values(versions)) expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  const table: [string, string][] = OUTPUT_LIBRARIES.map((name) => [name, "99.0.0"]);
  it.each(table)("a different %s version leaves the fast path", async (name, version) => {
    const out = path.join(dir, name);
    const schemas = path.join(out, "schemas");
    mkdirSync(schemas, { recursive: true });
    writeFileSync(
      path.join(schemas, "crm.json"),
      JSON.stringify({ app: { slug: "crm" }, actions: [{ action_id: "get", parameters: [] }] }),
    );
    const options: GenerateOptions = { ...defaultOptions({}), out, offline: true };
    await generate(options);
    const { configKey } = await createFormatter(out);
    const key = await runKey(options, configKey);
    // Today's libraries: the output is current, the fast path applies.
    expect(await currentOutput(out, key)).toBeDefined();
    const changed = await runKey(options, configKey, { ...libraryVersions(), [name]: version });
    expect(changed).not.toBe(key);
    expect(await currentOutput(out, changed)).toBeUndefined();
  });
});

describe("up-to-date check without parsing the manifest", () => {
  async function currentRun(name: string) {
    const out = path.join(dir, "summary", name);
    mkdirSync(path.join(out, "schemas"), { recursive: true });
    writeFileSync(
      path.join(out, "schemas", "crm.json"),
      JSON.stringify({ app: { slug: "crm" }, actions: [{ action_id: "get", parameters: [] }] }),
    );
    const options: GenerateOptions = { ...defaultOptions({}), out, offline: true };
    await generate(options);
    const { configKey } = await createFormatter(out);
    const key = await runKey(options, configKey);
    const record = statCacheFile(out);
    return { out, key, record, options };
  }
  const tamper = (file: string, change: (r: Record<string, unknown>) => void) => {
    const record = JSON.parse(readFileSync(file, "utf8"));
    change(record);
    writeFileSync(file, JSON.stringify(record));
  };

  it("a written output is recorded with its run key and summary", async () => {
    const { key, record } = await currentRun("written");
    const value = JSON.parse(readFileSync(record, "utf8"));
    expect(value.key).toBe(key);
    expect(value.summary).toEqual({ apps: 1, actions: 1, warnings: [] });
  });

  // given a change to the record → want the summary the check reports
  const table: [string, (r: Record<string, unknown>) => void, number][] = [
    // Every stamp as verified under this key: the record's summary, the manifest unread.
    ["nothing", (r) => ((r.summary as { apps: number }).apps = 99), 99],
    // Another key, or no summary: the manifest is parsed and the record rewritten.
    ["another key", (r) => ((r.key = "other"), ((r.summary as { apps: number }).apps = 99)), 1],
    ["no summary", (r) => delete r.summary, 1],
    [
      "a stamp that differs",
      (r) => {
        (r.summary as { apps: number }).apps = 99;
        (r.stamps as Record<string, string>)["index.ts"] = "0:0:0";
      },
      1,
    ],
  ];
  it.each(table)("record with %s changed", async (_, change, apps) => {
    const { out, key, record } = await currentRun(_.replace(/\W/g, "-"));
    tamper(record, change);
    const current = await currentOutput(out, key);
    expect(current?.summary.apps).toBe(apps);
    if (apps === 1) expect(JSON.parse(readFileSync(record, "utf8")).summary.apps).toBe(1);
  });
});

describe("the stamps recorded after a regeneration", () => {
  it("cover the files kept from the previous output, so the next run reads none", async () => {
    const out = path.join(dir, "kept-stamps");
    const schemas = path.join(out, "schemas");
    mkdirSync(schemas, { recursive: true });
    const snapshot = (slug: string, params: string[]) =>
      JSON.stringify({
        app: { slug },
        actions: [{ action_id: "get", parameters: params.map((name) => ({ name, type: "text" })) }],
      });
    writeFileSync(path.join(schemas, "crm.json"), snapshot("crm", ["id"]));
    writeFileSync(path.join(schemas, "erp.json"), snapshot("erp", ["id"]));
    const options: GenerateOptions = { ...defaultOptions({}), out, offline: true };
    await generate(options);
    writeFileSync(path.join(schemas, "erp.json"), snapshot("erp", ["id", "extra"]));
    const second = await generate(options);
    expect(second.emitted).toEqual(["erp"]);
    const { configKey } = await createFormatter(out);
    const key = await runKey(options, configKey);
    const record = statCacheFile(out);
    const value = JSON.parse(readFileSync(record, "utf8"));
    value.summary.apps = 99;
    writeFileSync(record, JSON.stringify(value));
    // Every stamp (kept files included) is the one on disk: the record's summary answers.
    expect((await currentOutput(out, key))?.summary.apps).toBe(99);
  });
});
