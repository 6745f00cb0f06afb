/**
 * Canonical JSON text: object keys sorted by code unit, two-space indent, trailing newline.
 * Used for every JSON file the generator writes, so the same data always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

/**
 * `value` with every object's keys in sorted order (arrays keep their order). An object or array
 * that is in order already, all the way down, is returned as it is, found so without copying or
 * sorting anything: the manifest is mostly in order (much of it read back from the previous one),
 * and copying it whole is most of the cost of writing it.
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
  // Each child is sorted once; the values array is only made when one of them was copied.
  let values: unknown[] | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = record[keys[i]!];
    if (item === null || typeof item !== "object") continue;
    const sorted = sortKeys(item);
    if (sorted !== item) (values ??= keys.map((key) => record[key]))[i] = sorted;
  }
  if (!values && keysInOrder(record, keys)) return record;
  const order = keys.map((_, i) => i).sort((a, b) => compareCodeUnits(keys[a]!, keys[b]!));
  const sorted: Record<string, unknown> = {};
  for (const i of order) {
    const key = keys[i]!;
    const item = values ? values[i] : record[key];
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

/**
 * A plain (or null-prototype) object whose keys are in sorted order. (An object's own order puts
 * integer-like keys first, so such an object is copied.)
 */
function keysInOrder(record: Record<string, unknown>, keys: readonly string[]): boolean {
  const proto: unknown = Object.getPrototypeOf(record);
  if (proto !== Object.prototype && proto !== null) return false;
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/** Locale-independent string order (what `Array.prototype.sort` does by default). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
