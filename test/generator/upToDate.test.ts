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
import { sha256 } from "../../generator/core/hash.js";

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

  // given a change to the record → want the summary the check reports (none: not current)
  const table: [string, (r: Record<string, unknown>) => void, number | undefined][] = [
    // Every stamp as verified under this key: the record's summary, the manifest unread.
    ["nothing", (r) => ((r.summary as { apps: number }).apps = 99), 99],
    // Another key, or not written by this generator: the record does not vouch for the manifest,
    // so the check leaves the answer to the pipeline.
    [
      "another key",
      (r) => ((r.key = "other"), ((r.summary as { apps: number }).apps = 99)),
      undefined,
    ],
    ["no written mark", (r) => delete r.written, undefined],
    // No summary: the manifest is parsed and the record rewritten.
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
    if (apps === undefined) expect(current).toBeUndefined();
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

describe("a manifest this generator wrote (sealed)", () => {
  const snapshot = (slug: string, params: string[]) =>
    JSON.stringify({
      app: { slug },
      actions: [{ action_id: "get", parameters: params.map((name) => ({ name, type: "text" })) }],
    });
  async function twoApps(name: string) {
    const out = path.join(dir, "sealed", name);
    const schemas = path.join(out, "schemas");
    mkdirSync(schemas, { recursive: true });
    writeFileSync(path.join(schemas, "crm.json"), snapshot("crm", ["id"]));
    writeFileSync(path.join(schemas, "erp.json"), snapshot("erp", ["id"]));
    const options: GenerateOptions = { ...defaultOptions({}), out, offline: true };
    await generate(options);
    return { out, schemas, options, record: statCacheFile(out) };
  }
  const read = (file: string) => JSON.parse(readFileSync(file, "utf8"));

  it("is recorded as written by the run that wrote it, under its key", async () => {
    const { out, options, record } = await twoApps("written");
    const { configKey } = await createFormatter(out);
    expect(read(record)).toMatchObject({ written: true, key: await runKey(options, configKey) });
  });

  it("is not trusted once its bytes change: an edited entry is checked, and fails", async () => {
    const { out, schemas, options, record } = await twoApps("edited");
    // An edit the stat cache cannot see in the other files: a warning added to crm's entry.
    const manifest = read(path.join(out, "manifest.json"));
    manifest.apps.crm.warnings = { normalize: [{ code: "X", message: "injected" }], names: [] };
    writeFileSync(path.join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    // The stat cache vouches for the manifest it recorded, not for this one: --check runs the
    // pipeline and names the manifest as drifted (the output's other files are as recorded).
    expect(read(record).manifest).not.toBe(sha256(readFileSync(path.join(out, "manifest.json"))));
    const check = await generate({ ...options, mode: "check" });
    expect(check.changes.modified).toEqual(["manifest.json"]);
    // Another app changes: crm's edited entry is not kept as it is (its hash no longer holds).
    writeFileSync(path.join(schemas, "erp.json"), snapshot("erp", ["id", "extra"]));
    const result = await generate(options);
    expect(result.diagnostics.items.map((d) => d.message)).not.toContain("injected");
    const fresh = await generate({ ...options, mode: "check", cache: false });
    expect(fresh.changes).toEqual({ added: [], modified: [], removed: [] });
  });
});
