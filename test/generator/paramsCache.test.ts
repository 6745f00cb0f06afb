// Compiled params kept between runs (generator/emit/paramsCache.ts): a compile with a cache compiles
// only the actions it has no interface for, and gives the same models as a compile without it; a
// cache file under another key, or with entries of another shape, is not used; and an entry that
// was tampered with cannot put code into a module (the gate rejects it, nothing is written).
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { compileParams, type AppParamsCache } from "../../generator/emit/compileParams.js";
import { appParamsCache } from "../../generator/emit/paramsCache.js";
import { cacheFileOf } from "../../generator/core/jsonCache.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";
import type { NamedApp } from "../../generator/core/model.js";
import { crmApp } from "../fixtures/crmApp.js";
import { hashTree } from "../hostile/helpers.js";

const compiled = vi.hoisted(() => ({ roots: [] as string[] }));

vi.mock("../../generator/emit/jsonSchemaToTs.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../generator/emit/jsonSchemaToTs.js")>();
  return {
    ...real,
    compile: async (...args: Parameters<typeof real.compile>) => {
      const [schema] = args;
      compiled.roots.push([schema.title, ...Object.keys((schema.$defs ?? {}) as object)].join(","));
      return real.compile(...args);
    },
  };
});

const dir = path.join(import.meta.dirname, `.tmp-params-cache-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  compiled.roots = [];
});

const field = (wireName: string, required = false) =>
  ({ wireName, type: "text", required, multiple: false, label: wireName }) as const;

function crm(extra: string[] = []): NamedApp {
  return crmApp([field("email", true), ...extra.map((name) => field(name))], [field("limit")]);
}

/** A cache in memory, as the file would hold it. */
function memoryCache(known = new Map()): AppParamsCache & { saved?: Map<string, unknown> } {
  const cache: AppParamsCache & { saved?: Map<string, unknown> } = {
    known,
    save: (c) => {
      cache.saved = new Map(c);
    },
  };
  return cache;
}

describe("compileParams with a cache", () => {
  it("compiles only what the cache lacks, and gives the models of a compile without it", async () => {
    const first = memoryCache();
    const plain = await compileParams(crm(["phone"]));
    expect(await compileParams(crm(["phone"]), first)).toEqual(plain);
    expect(compiled.roots).toEqual([
      "CrmCreateParams,CrmListParams",
      "CrmCreateParams,CrmListParams",
    ]);
    expect(first.saved?.size).toBe(2);

    compiled.roots = [];
    const again = memoryCache(first.saved as never);
    expect(await compileParams(crm(["phone"]), again)).toEqual(plain);
    expect(compiled.roots).toEqual([]);

    // One field added to one action: that action alone is compiled.
    const changed = memoryCache(first.saved as never);
    const models = await compileParams(crm(["phone", "company"]), changed);
    expect(compiled.roots).toEqual(["CrmCreateParams"]);
    expect(models).toEqual(await compileParams(crm(["phone", "company"])));
    expect([...changed.saved!.keys()]).not.toEqual([...first.saved!.keys()]);
  });

  it("compiles again an entry that names a field the action does not have", async () => {
    const first = memoryCache();
    await compileParams(crm(), first);
    const [[listHash, list]] = [...first.saved!].filter(
      ([, c]) => (c as { name: string }).name === "CrmListParams",
    ) as [string, { members: { field: number }[] }][];
    const broken = new Map(first.saved as never);
    broken.set(listHash, { ...list, members: [{ ...list.members[0], field: 5 }] });
    compiled.roots = [];
    expect(await compileParams(crm(), memoryCache(broken))).toEqual(await compileParams(crm()));
    expect(compiled.roots[0]).toBe("CrmListParams");
  });
});

describe("the params cache file", () => {
  const outDir = path.join(dir, "file");
  const entry = { name: "CrmListParams", members: [{ field: 0, optional: true, type: "string" }] };

  it("is used under its key only, and keeps nothing of another shape", () => {
    appParamsCache(outDir, "k1", "crm").save(new Map([["h1", entry]]));
    expect([...appParamsCache(outDir, "k1", "crm").known]).toEqual([["h1", entry]]);
    expect(appParamsCache(outDir, "k2", "crm").known.size).toBe(0);
    expect(appParamsCache(outDir, "k1", "other").known.size).toBe(0);

    const file = cacheFileOf(outDir, ".params/crm.json");
    const bad = (members: unknown) => ({ name: "CrmListParams", members });
    writeFileSync(
      file,
      JSON.stringify({
        key: "k1",
        compiled: {
          ok: entry,
          newline: bad([{ field: 0, optional: true, type: "string\n}" }]),
          comment: bad([{ field: 0, optional: true, type: "string", doc: ["a */ b"] }]),
          field: bad([{ field: -1, optional: true, type: "string" }]),
          shape: "export const x = 1",
        },
      }),
    );
    expect([...appParamsCache(outDir, "k1", "crm").known.keys()]).toEqual(["ok"]);
  });

  it("is not written again when nothing changed", () => {
    const cache = appParamsCache(outDir, "k3", "same");
    cache.save(new Map([["h1", entry]]));
    const file = cacheFileOf(outDir, ".params/same.json");
    const before = statSync(file).mtimeMs;
    const again = appParamsCache(outDir, "k3", "same");
    again.save(new Map(again.known));
    expect(statSync(file).mtimeMs).toBe(before);
  });
});

describe("a tampered params cache", () => {
  it("cannot put code into a module: the gate rejects it and nothing is written", async () => {
    const out = path.join(dir, "tampered");
    mkdirSync(path.join(out, "schemas"), { recursive: true });
    const snapshot = (listFields: string[]) =>
      JSON.stringify({
        app: { slug: "crm", name: "CRM" },
        actions: [
          { action_id: "get_contact", parameters: [{ name: "id", type: "text", required: true }] },
          {
            action_id: "list_contacts",
            parameters: listFields.map((name) => ({ name, type: "text", required: false })),
          },
        ],
      });
    writeFileSync(path.join(out, "schemas", "crm.json"), snapshot(["limit"]));
    const options: GenerateOptions = { ...defaultOptions({}), out, offline: true, workers: 1 };
    await generate(options);
    const file = cacheFileOf(out, ".params/crm.json");
    const saved = JSON.parse(readFileSync(file, "utf8")) as {
      compiled: Record<string, { name: string; members: { type: string }[] }>;
    };
    for (const c of Object.values(saved.compiled))
      if (c.name === "CrmGetContactParams")
        for (const m of c.members)
          m.type = "string }; export const evil = 1; interface X { a: string";
    writeFileSync(file, JSON.stringify(saved));
    // list_contacts changes, so the module is emitted again, get_contact's interface from the cache.
    writeFileSync(path.join(out, "schemas", "crm.json"), snapshot(["limit", "cursor"]));
    const before = hashTree(out);
    const error = await generate(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string })?.code).toBe("GATE_REJECTED");
    expect(hashTree(out)).toEqual(before);
  });
});
