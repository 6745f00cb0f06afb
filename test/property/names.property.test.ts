// Property tests over regeneration sequences: each step adds entries that collide with existing
// ones by case, spacing, punctuation, Unicode folding or invisible characters, and removes some.
// Property: every wire id that exists before and after keeps its method, and any name that now
// calls another wire id is reported BREAKING. The seed is printed; FC_SEED=<n> replays a failure.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serializeManifest, type Manifest, type ManifestNames } from "../../generator/output/manifest.js";
import { bindingsOf } from "../../generator/output/manifest.js";
import type { CatalogModel, NamedAction } from "../../generator/core/model.js";
import { nameCatalog } from "../../generator/model/names.js";
import type { NormalizedApp } from "../../generator/model/normalize.js";
import { buildReport } from "../../generator/output/report.js";

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
const runs = Number(process.env.FC_RUNS ?? 300);
console.log(`names property tests: FC_SEED=${seed} (FC_RUNS=${runs})`);

/** Ways to spell an id so it folds to the same name. */
const VARIANTS: ((id: string) => string)[] = [
  (id) => id.toUpperCase(),
  (id) => ` ${id}`,
  (id) => `${id} `,
  (id) => id.replace(/_/g, "-"),
  (id) => id.replace(/_/g, " "),
  (id) => id.replace(/_(.)/g, (_, c: string) => c.toUpperCase()),
  (id) => id.normalize("NFD"),
  (id) => id.replace("e", "e\u0301"),
  (id) => `${id}\u{e0001}`,
  (id) => id.replace("_", "\u00ad_"),
  (id) => `${id}\ufe0f`,
  (id) => `${id}\u200b`,
  (id) => `\u3164${id}`,
  (id) => `${id}\u2800`,
  (id) => `${id}.`,
];

const baseId = fc.constantFrom(
  "create_contact",
  "delete_contact",
  "café_list",
  "get",
  "to_json",
  "then",
);
const step = fc.record({
  /** Variants of ids (existing or new) to add. */
  add: fc.array(fc.tuple(baseId, fc.nat(VARIANTS.length)), { maxLength: 5 }),
  /** Indexes (mod size) of ids to remove. */
  remove: fc.array(fc.nat(50), { maxLength: 2 }),
});

const app = (slug: string, ids: Iterable<string>): NormalizedApp => ({
  slug,
  name: slug,
  actions: [...ids].sort().map((actionId) => ({ actionId, name: actionId, fields: [] })),
  snapshot: {} as never,
});

/** The manifest a run would write for `catalog` (only what the names and the report read). */
function manifestOf(catalog: CatalogModel<NamedAction>): string {
  const manifest: Manifest = {
    generator: { name: "refold-gen", version: "0", fingerprint: "0" },
    apps: Object.create(null),
  };
  for (const a of catalog.apps) {
    const names: ManifestNames = { property: a.propertyName, methods: {}, params: {} };
    for (const action of a.actions) {
      Object.defineProperty(names.methods, action.actionId, {
        value: action.methodName,
        enumerable: true,
      });
      Object.defineProperty(names.params, action.actionId, {
        value: action.paramsTypeName,
        enumerable: true,
      });
    }
    manifest.apps[a.slug] = {
      name: a.name,
      actions: a.actions.length,
      module: `apps/${a.fileName}.ts`,
      schema: `schemas/${a.fileName}.json`,
      inputHash: "",
      outputHash: "",
      names,
    };
  }
  return serializeManifest(manifest);
}

const methods = (catalog: CatalogModel<NamedAction>) =>
  new Map(catalog.apps.flatMap((a) => a.actions.map((x) => [x.actionId, x.methodName])));

describe("names across regenerations", () => {
  it("every surviving wire id keeps its method, or the report says BREAKING", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        let ids = new Set(["create_contact"]);
        let previous = nameCatalog([app("crm", ids)]);
        for (const { add, remove } of steps) {
          const next = new Set(ids);
          for (const [base, v] of add) next.add(v === VARIANTS.length ? base : VARIANTS[v]!(base));
          const list = [...next];
          for (const r of remove) if (list.length > 1) next.delete(list[r % list.length]!);
          const prevManifest = manifestOf(previous);
          const named = nameCatalog([app("crm", next)], bindingsOf(JSON.parse(prevManifest)));
          const report = buildReport(
            new Map([["manifest.json", prevManifest]]),
            new Map([["manifest.json", manifestOf(named)]]),
          );
          const breaking = new Set(
            report.changes.filter((c) => c.severity === "breaking").map((c) => c.actionId),
          );
          const before = methods(previous);
          const after = methods(named);
          const ownerBefore = new Map([...before].map(([id, m]) => [m, id]));
          for (const [id, method] of after) {
            if (before.has(id)) expect(method).toBe(before.get(id));
            const owner = ownerBefore.get(method);
            if (owner !== undefined && owner !== id) expect(breaking.has(id)).toBe(true);
          }
          expect(new Set(after.values()).size).toBe(after.size);
          ids = next;
          previous = named;
        }
      }),
      { seed, numRuns: runs },
    );
  });

  it("naming is independent of input order, given the same bindings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(baseId, fc.nat(VARIANTS.length)), { minLength: 1, maxLength: 8 }),
        (adds) => {
          const ids = adds.map(([b, v]) => (v === VARIANTS.length ? b : VARIANTS[v]!(b)));
          const one = nameCatalog([app("crm", ids)]);
          const two = nameCatalog([app("crm", [...ids].reverse())]);
          expect([...methods(one)]).toEqual([...methods(two)]);
        },
      ),
      { seed, numRuns: runs },
    );
  });
});
