/** The seeded synthetic catalog of the scale benchmark (`test/fixtures/synthetic.ts`). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import {
  MAX_FIELDS,
  MIN_FIELDS,
  SIZES,
  main,
  makeSyntheticCatalog,
  mulberry32,
  parseSize,
  toOpenApi,
  writeSyntheticSnapshot,
} from "./fixtures/synthetic.js";
import { serializeAppSnapshot, type WireAppSnapshot } from "../generator/core/snapshot.js";
import { DOCUMENTED_FIELD_TYPES, type SnapshotAction } from "../catalog/source/types.js";

const tmpRoot = mkdtempSync(join(tmpdir(), "refold-synthetic-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const actionsOf = (s: WireAppSnapshot) => s.actions as unknown as SnapshotAction[];
const texts = (catalog: WireAppSnapshot[]) =>
  catalog.map((app) => serializeAppSnapshot(app)).join("");
const small = makeSyntheticCatalog({ ...SIZES.small, seed: 1 });

const TYPES: readonly string[] = DOCUMENTED_FIELD_TYPES;

describe("makeSyntheticCatalog", () => {
  it("is deterministic per seed and never uses Math.random", () => {
    const random = vi.spyOn(Math, "random");
    try {
      const a = texts(makeSyntheticCatalog({ ...SIZES.small, seed: 1 }));
      const b = texts(makeSyntheticCatalog({ ...SIZES.small, seed: 1 }));
      const c = texts(makeSyntheticCatalog({ ...SIZES.small, seed: 2 }));
      expect(a).toBe(b);
      expect(a).not.toBe(c);
      expect(random).not.toHaveBeenCalled();
    } finally {
      random.mockRestore();
    }
  });

  it("mulberry32 gives the same stream for a seed, in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it("has the requested sizes", () => {
    expect(parseSize("small")).toEqual({ apps: 10, actionsPerApp: 20 });
    expect(parseSize("large")).toEqual({ apps: 300, actionsPerApp: 60 });
    expect(parseSize("7x3")).toEqual({ apps: 7, actionsPerApp: 3 });
    expect(() => parseSize("huge")).toThrow(/small, large or NxM/);
    expect(() => parseSize("0x5")).toThrow();

    expect(small).toHaveLength(10);
    for (const app of small) expect(app.actions).toHaveLength(20);
    const custom = makeSyntheticCatalog({ apps: 7, actionsPerApp: 3, seed: 9 });
    expect(custom.map((s) => s.app.slug)).toEqual([
      "app_001",
      "app_002",
      "app_003",
      "app_004",
      "app_005",
      "app_006",
      "app_007",
    ]);
    for (const app of custom) expect(app.actions).toHaveLength(3);

    const large = makeSyntheticCatalog({ ...SIZES.large, seed: 1 });
    expect(large).toHaveLength(300);
    expect(large.reduce((n, s) => n + s.actions.length, 0)).toBe(18_000);
    expect(large[16]!.app.slug).toBe("app_017");
  });

  it("every app has httprequest; other actions have 8–15 fields, unique names and ids", () => {
    const verbs = new Set<string>();
    for (const snapshot of small) {
      const actions = actionsOf(snapshot);
      const http = actions.find((a) => a.action_id === "httprequest");
      expect(http, String(snapshot.app.slug)).toBeDefined();
      expect(http!.parameters.find((f) => f.name === "url_path")?.required).toBe(true);
      const ids = actions.map((a) => a.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const action of actions.filter((a) => a.action_id !== "httprequest")) {
        expect(action.action_id).toMatch(/^[a-z]+_[a-z]+_\d+$/);
        verbs.add(action.action_id.split("_")[0]!);
        expect(action.parameters.length).toBeGreaterThanOrEqual(MIN_FIELDS);
        expect(action.parameters.length).toBeLessThanOrEqual(MAX_FIELDS);
        const names = action.parameters.map((f) => f.name);
        expect(new Set(names).size).toBe(names.length);
      }
    }
    for (const verb of ["get", "list", "search", "create", "update", "delete"]) {
      expect(verbs, verb).toContain(verb);
    }
  });

  it("mixes field types: all of them, required, selects with options, multiple, json", () => {
    const fields = small.flatMap((s) => actionsOf(s).flatMap((a) => a.parameters));
    const types = new Set(fields.map((f) => f.type));
    for (const type of TYPES) expect(types, type).toContain(type);
    expect([...types].filter((t) => !TYPES.includes(t))).toEqual([]);
    expect(fields.some((f) => f.required)).toBe(true);
    expect(fields.some((f) => !f.required)).toBe(true);
    expect(fields.some((f) => f.multiple && f.type === "text")).toBe(true);
    expect(fields.some((f) => f.multiple && f.type === "select")).toBe(true);
    for (const f of fields.filter((f) => f.type === "select")) {
      expect(f.options!.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("writeSyntheticSnapshot", () => {
  it("writes canonical <slug>.json files that parse back to the same catalog", () => {
    const dir = join(tmpRoot, "small");
    const files = writeSyntheticSnapshot(dir, small);
    expect(files).toHaveLength(10);
    expect(readdirSync(dir).sort()).toEqual(small.map((s) => `${String(s.app.slug)}.json`).sort());
    const parsed = small.map((s) => {
      const text = readFileSync(join(dir, `${String(s.app.slug)}.json`), "utf8");
      expect(serializeAppSnapshot(JSON.parse(text) as WireAppSnapshot)).toBe(text);
      return JSON.parse(text) as WireAppSnapshot;
    });
    expect(parsed).toEqual(small);
  });
});

describe("toOpenApi", () => {
  const doc = toOpenApi(small) as {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<string, Record<string, any>>;
  };

  it("is an OpenAPI 3.1 document with one POST operation per action", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(typeof doc.info.title).toBe("string");
    expect(typeof doc.info.version).toBe("string");
    const actionCount = small.reduce((n, s) => n + s.actions.length, 0);
    expect(Object.keys(doc.paths)).toHaveLength(actionCount);
    const operationIds = new Set<string>();
    for (const snapshot of small) {
      for (const action of actionsOf(snapshot)) {
        const path = `/api/v2/integration-schema/${String(snapshot.app.slug)}/actions/${action.action_id}/execute`;
        const item = doc.paths[path];
        expect(item, path).toBeDefined();
        expect(Object.keys(item!)).toEqual(["post"]);
        const op = item!.post;
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        expect(op.responses["200"]).toBeDefined();

        const schema = op.requestBody.content["application/json"].schema;
        expect(schema.type).toBe("object");
        expect(Object.keys(schema.properties)).toEqual(action.parameters.map((f) => f.name));
        const required = action.parameters.filter((f) => f.required).map((f) => f.name);
        expect(schema.required ?? []).toEqual(required);
        expect(op.requestBody.required).toBe(required.length > 0);
        for (const field of action.parameters) {
          const prop = schema.properties[field.name];
          const item = field.multiple ? prop.items : prop;
          if (field.multiple) expect(prop.type).toBe("array");
          if (field.type === "select") {
            expect(item.enum).toEqual(field.options!.map((o) => o.value));
          }
        }
      }
    }
    expect(operationIds.size).toBe(actionCount);
  });

  it("is plain JSON (survives a stringify round trip) and deterministic", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(JSON.stringify(toOpenApi(makeSyntheticCatalog({ ...SIZES.small, seed: 1 })))).toBe(
      JSON.stringify(doc),
    );
  });
});

describe("CLI", () => {
  it("writes the snapshot and the OpenAPI file, replacing stale synthetic apps", () => {
    const out = join(tmpRoot, "cli");
    const openapi = join(tmpRoot, "cli-openapi", "doc.json");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      expect(main(["--size", "4x3", "--seed", "5", "--out", out])).toBe(0);
      writeFileSync(join(out, "keep.json"), "{}\n");
      expect(main(["--size", "2x3", "--seed", "5", "--out", out, "--openapi", openapi])).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(readdirSync(out).sort()).toEqual(["app_001.json", "app_002.json", "keep.json"]);
    const expected = makeSyntheticCatalog({ apps: 2, actionsPerApp: 3, seed: 5 });
    expect(readFileSync(join(out, "app_002.json"), "utf8")).toBe(
      serializeAppSnapshot(expected[1]!),
    );
    const doc = JSON.parse(readFileSync(openapi, "utf8"));
    expect(Object.keys(doc.paths)).toHaveLength(6);
  });

  it("rejects a bad size", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(main(["--size", "big", "--out", join(tmpRoot, "bad")])).toBe(2);
      expect(main(["--bogus", "1"])).toBe(2);
    } finally {
      error.mockRestore();
    }
  });
});
