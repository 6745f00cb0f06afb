/**
 * Canonical JSON text: object keys sorted by code unit, two-space indent, trailing newline.
 * Used for every JSON file the generator writes, so the same data always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

/**
 * `value` with every object's keys in sorted order (arrays keep their order). An object or array
 * that is in order already, all the way down, is returned as it is: the manifest is mostly built
 * in order, and copying it whole is most of the cost of writing it.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = sortKeys(value[i]);
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const sortedKeys = [...keys].sort(compareCodeUnits);
  const items = sortedKeys.map((key) => sortKeys(record[key]));
  // Kept as it is only when a plain (or null-prototype) object lists its keys in sorted order and
  // no child changed (an object's own order puts integer-like keys first, so such an object is
  // copied, as it was always).
  const proto: unknown = Object.getPrototypeOf(record);
  if (
    (proto === Object.prototype || proto === null) &&
    sortedKeys.every((key, i) => key === keys[i] && items[i] === record[key])
  )
    return record;
  const sorted: Record<string, unknown> = {};
  sortedKeys.forEach((key, i) => {
    // defineProperty keeps "__proto__" as plain data; plain assignment is much faster for the rest.
    if (key === "__proto__")
      Object.defineProperty(sorted, key, {
        value: items[i],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else sorted[key] = items[i];
  });
  return sorted;
}

/** Locale-independent string order (what `Array.prototype.sort` does by default). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
