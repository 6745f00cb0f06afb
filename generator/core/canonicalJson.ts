/**
 * Canonical JSON text: object keys sorted by code unit, two-space indent, trailing newline.
 * Used for every JSON file the generator writes, so the same data always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

/** A deep copy of `value` whose object keys are in sorted order (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareCodeUnits)) {
    const item = sortKeys((value as Record<string, unknown>)[key]);
    // defineProperty keeps "__proto__" as plain data; plain assignment is much faster for the rest.
    if (key === "__proto__")
      Object.defineProperty(sorted, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else sorted[key] = item;
  }
  return sorted;
}

/** Locale-independent string order (what `Array.prototype.sort` does by default). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
