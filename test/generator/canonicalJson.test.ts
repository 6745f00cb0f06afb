// canonicalJson: sorted keys at every depth, whatever order the data was built in; objects already
// in order are not copied, and the text is the same as sorting a full copy would give.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, compareCodeUnits, sortKeys } from "../../generator/core/canonicalJson.js";

/** The reference: a full sorted copy, as canonicalJson always made. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits))
    Object.defineProperty(out, key, {
      value: sortedCopy((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
const reference = (value: unknown) => JSON.stringify(sortedCopy(value), null, 2) + "\n";

const nullProto = (entries: [string, unknown][]) => {
  const o = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) o[k] = v;
  return o;
};

describe("canonicalJson", () => {
  // given data → want the reference text
  const table: [string, unknown][] = [
    ["unsorted keys", { b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } }],
    ["sorted keys", { a: 1, b: { c: 2, d: [1, 2] } }],
    ["integer-like keys", { b: 1, "10": 2, "9": 3, a: 4 }],
    ["a __proto__ key", JSON.parse('{"b":1,"__proto__":{"y":1,"x":2}}')],
    [
      "null-prototype records",
      {
        apps: nullProto([
          ["z", 1],
          ["a", nullProto([["m", 2]])],
        ]),
      },
    ],
    ["undefined values", { b: undefined, a: [undefined, 1] }],
    ["empty", { a: {}, b: [] }],
  ];
  it.each(table)("%s", (_, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it("sorts each object once, however deep the unsorted data (a remote snapshot may be deep)", () => {
    // Sorting a child once to see whether the parent needs a copy and again to copy it would take
    // 2^depth steps here: this would never finish.
    let deep: unknown = { z: 1, y: 2 };
    for (let i = 0; i < 60; i++) deep = { b: deep, a: [i] };
    expect(canonicalJson(deep)).toBe(reference(deep));
  }, 10_000);

  it("does not copy what is in order already", () => {
    const inner = { c: 1, d: 2 };
    const value = { a: inner, b: [inner] };
    expect(sortKeys(value)).toBe(value);
    const unsorted = { b: inner, a: 1 };
    const sorted = sortKeys(unsorted) as Record<string, unknown>;
    expect(sorted).not.toBe(unsorted);
    expect(sorted.b).toBe(inner);
  });

  it("matches the reference on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });
});
