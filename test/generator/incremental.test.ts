// Issue 12, item 6: on a regeneration, snapshot files that are byte for byte the ones the last run
// wrote are neither parsed nor normalized; their names and warnings come from the manifest. Names
// are allocated across apps, so this must give exactly the bytes (and warnings) of a run that
// parses every app (`--no-cache`), whatever changed: each step below is run both ways.
import { cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { generate } from "../../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";
import { readOutputDir } from "../../generator/output/writeOutput.js";

const parsed = vi.hoisted(() => [] as string[]);

vi.mock("../../generator/model/normalize.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../generator/model/normalize.js")>();
  return {
    ...real,
    normalizeApp: (...args: Parameters<typeof real.normalizeApp>) => {
      // The pipeline's calls (by file path); the change report normalizes `schemas/…` texts too.
      if (path.isAbsolute(args[1])) parsed.push(path.basename(args[1]));
      return real.normalizeApp(...args);
    },
  };
});

const dir = path.join(import.meta.dirname, `.tmp-incremental-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const field = (name: string, type = "text") => ({ name, type, required: false });
const app = (slug: string, actions: Record<string, unknown[]>) => ({
  app: { slug, name: slug.toUpperCase() },
  actions: Object.entries(actions).map(([action_id, parameters]) => ({ action_id, parameters })),
});

// Warnings of every kind a recorded app replays: an unknown field type (normalize), action ids that
// fold to one method name (names), and look-alike app slugs (the catalog).
const CATALOG: Record<string, unknown> = {
  "crm.json": app("crm", {
    get_contact: [field("id")],
    create_contact: [field("email"), field("attachment", "file")],
    "list-items": [],
    list_items: [],
  }),
  "foo_bar.json": app("foo_bar", { get_thing: [field("id")] }),
  "helpdesk.json": app("helpdesk", { get_ticket: [field("id")], close_ticket: [] }),
  "cafe1.json": app("caf\u00e9", { ping: [] }),
  "cafe2.json": app("cafe\u0301", { ping: [] }),
};

const schemas = (out: string) => path.join(out, "schemas");
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const options = (out: string, cache: boolean): GenerateOptions => ({
  ...defaultOptions({}),
  out,
  offline: true,
  workers: 1,
  cache,
});

/** Edits the snapshot of `out` (file names as the output writes them). */
const STEPS: [string, (out: string) => void, string[]][] = [
  // given a change → want the snapshot files parsed by the cached run
  [
    "one app changed",
    (out) => {
      const file = path.join(schemas(out), "helpdesk.json");
      const snapshot = readJson(file);
      snapshot.actions[0].parameters.push(field("priority"));
      writeFileSync(file, JSON.stringify(snapshot));
    },
    ["helpdesk.json"],
  ],
  [
    "one app added",
    (out) =>
      writeFileSync(path.join(schemas(out), "zoo.json"), JSON.stringify(app("zoo", { feed: [] }))),
    ["zoo.json"],
  ],
  ["one app removed", (out) => unlinkSync(path.join(schemas(out), "zoo.json")), []],
  [
    "one app renamed into a collision (foo-bar folds to fooBar, which foo_bar holds)",
    (out) => {
      const file = path.join(schemas(out), "helpdesk.json");
      const snapshot = readJson(file);
      snapshot.app.slug = "foo-bar";
      writeFileSync(file, JSON.stringify(snapshot));
    },
    ["helpdesk.json"],
  ],
  [
    "the holder of a name removed while a newcomer wants it",
    (out) => {
      unlinkSync(path.join(schemas(out), "foo_bar.json"));
      writeFileSync(
        path.join(schemas(out), "foobar.json"),
        JSON.stringify(app("FooBar", { get_thing: [] })),
      );
    },
    ["foobar.json"],
  ],
  [
    "one app changed and another's module edited by hand (same size): both parsed and emitted",
    (out) => {
      const file = path.join(schemas(out), "foo-bar.json");
      const snapshot = readJson(file);
      snapshot.actions[0].parameters.push(field("due"));
      writeFileSync(file, JSON.stringify(snapshot));
      const module = path.join(out, "apps", "crm.ts");
      writeFileSync(module, readFileSync(module, "utf8").replace("export", "EXPORT"));
    },
    ["crm.json", "foo-bar.json"],
  ],
  ["nothing changed", () => {}, []],
];

describe("regeneration with unchanged snapshot files on record", () => {
  const inc = path.join(dir, "incremental");

  it("starts from a first generation", async () => {
    mkdirSync(schemas(inc), { recursive: true });
    for (const [file, snapshot] of Object.entries(CATALOG))
      writeFileSync(path.join(schemas(inc), file), JSON.stringify(snapshot));
    const first = await generate(options(inc, true));
    expect(first.emitted).toHaveLength(Object.keys(CATALOG).length);
    expect(first.diagnostics.items.map((d) => d.code).sort()).toEqual([
      "lookalike-names",
      "name-collision",
      "name-collision",
      "unknown-field-type",
    ]);
  });

  it.each(STEPS)("%s: the same bytes as --no-cache", async (_, change, wantParsed) => {
    const cold = path.join(dir, "cold");
    rmSync(cold, { recursive: true, force: true });
    cpSync(inc, cold, { recursive: true });
    change(inc);
    change(cold);
    parsed.length = 0;
    const incremental = await generate(options(inc, true));
    expect(parsed.sort()).toEqual(wantParsed);
    const full = await generate(options(cold, false));
    const [a, b] = await Promise.all([readOutputDir(inc), readOutputDir(cold)]);
    expect([...a.keys()]).toEqual([...b.keys()]);
    for (const [file, text] of b) expect(a.get(file), file).toBe(text);
    expect(incremental.diagnostics.format()).toEqual(full.diagnostics.format());
    expect(incremental.report).toEqual(full.report);
  });

  it("parses an unchanged app again when its manifest entry was edited", async () => {
    const manifestFile = path.join(inc, "manifest.json");
    const manifest = readJson(manifestFile);
    manifest.apps.crm.name = "Edited";
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const file = path.join(schemas(inc), "foo-bar.json");
    const snapshot = readJson(file);
    snapshot.actions[0].parameters.push(field("edited"));
    writeFileSync(file, JSON.stringify(snapshot));
    parsed.length = 0;
    await generate(options(inc, true));
    expect(parsed.sort()).toEqual(["crm.json", "foo-bar.json"]);
    expect(readJson(manifestFile).apps.crm.name).toBe("CRM");
  });
});
