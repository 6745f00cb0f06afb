// Naming is linear: 100,000 ids that all fold to one name are named in one pass, each fallback
// found with a bounded number of lookups (the old suffix loop restarted at 2 for every id: ~5·10⁹).
import { describe, expect, it } from "vitest";
import { allocate, type Claim } from "../../generator/model/allocateNames.js";
import { nameCatalog, toTypeName } from "../../generator/model/names.js";
import type { NormalizedApp } from "../../generator/model/normalize.js";

const N = 100_000;
/** Distinct wire ids that all camelCase to `a`: `a` followed by punctuation spelling the index. */
const PUNCT = "!#$%&()*+,";
const collidingIds = (n: number) =>
  Array.from({ length: n }, (_, i) => "a" + [...String(i)].map((d) => PUNCT[Number(d)]).join(""));

describe("linear naming", () => {
  it(`${N.toLocaleString("en")} colliding claims: one pass, a bounded number of key lookups per claim`, () => {
    let lookups = 0;
    const claims: Claim[] = collidingIds(N).map((wire) => ({ wire, base: "a" }));
    const { names, collisions } = allocate(claims, {
      key: (n) => (lookups++, toTypeName(n)),
      isTaken: () => false,
    });
    expect(names[0]).toBe("a");
    expect(names[1]).toBe("a2");
    expect(names[N - 1]).toBe(`a${N}`);
    expect(new Set(names).size).toBe(N);
    // Lookups for the fallbacks plus one pass for the collision groups; quadratic would be ~5·10⁹.
    expect(lookups).toBeLessThanOrEqual(4 * N);
    expect(collisions).toHaveLength(1);
    expect(collisions[0]!.claims).toHaveLength(N);
  });

  it("incumbents that hold suffixed names are skipped without restarting the counter", () => {
    let lookups = 0;
    const claims: Claim[] = collidingIds(1000).map((wire, i) => ({
      wire,
      base: "a",
      // Every even claim was bound earlier to a suffixed name.
      bound: i % 2 === 0 ? `a${i + 2}` : undefined,
    }));
    const { names } = allocate(claims, { key: (n) => (lookups++, n), isTaken: () => false });
    for (let i = 0; i < 1000; i += 2) expect(names[i]).toBe(`a${i + 2}`);
    expect(new Set(names).size).toBe(1000);
    expect(lookups).toBeLessThanOrEqual(6 * 1000);
  });

  it(`nameCatalog names an app with ${N.toLocaleString("en")} colliding action ids`, () => {
    const app: NormalizedApp = {
      slug: "crm",
      name: "crm",
      actions: collidingIds(N).map((actionId) => ({ actionId, name: actionId, fields: [] })),
      snapshot: {} as never,
    };
    const actions = nameCatalog([app]).apps[0]!.actions;
    expect(new Set(actions.map((a) => a.methodName)).size).toBe(N);
    expect(new Set(actions.map((a) => a.paramsTypeName)).size).toBe(N);
  });

  it(`nameCatalog names ${(N / 4).toLocaleString("en")} colliding app slugs`, () => {
    const apps = collidingIds(N / 4).map((slug): NormalizedApp => ({
      slug,
      name: slug,
      actions: [],
      snapshot: {} as never,
    }));
    const catalog = nameCatalog(apps);
    expect(new Set(catalog.apps.map((a) => a.propertyName)).size).toBe(N / 4);
    expect(new Set(catalog.apps.map((a) => a.fileName.toLowerCase())).size).toBe(N / 4);
  });
});
