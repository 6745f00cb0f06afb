/**
 * Small checks of untrusted JSON used while validating the catalog: whether a value is a plain
 * object, and how deep it nests (bounded without recursion, so hostile nesting cannot overflow the
 * stack).
 */
import { printable } from "../core/diagnostics.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The JSON path of the first place `value` nests deeper than `max` levels, or undefined. Iterative,
 * so a hostile depth cannot overflow the stack here.
 */
export function deeperThan(value: unknown, max: number): string | undefined {
  // The path of a node is rebuilt from its parent chain only when it is reported: building it for
  // every node would cost more than the walk.
  interface Entry {
    node: unknown;
    depth: number;
    key: string | number;
    parent?: Entry;
  }
  const stack: Entry[] = [{ node: value, depth: 0, key: "$" }];
  while (stack.length) {
    const entry = stack.pop()!;
    const node = entry.node;
    if (node === null || typeof node !== "object") continue;
    if (entry.depth >= max) return pathOf(entry);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++)
        stack.push({ node: node[i], depth: entry.depth + 1, key: i, parent: entry });
    } else {
      for (const key in node) {
        if (Object.hasOwn(node, key))
          stack.push({
            node: (node as Record<string, unknown>)[key],
            depth: entry.depth + 1,
            key,
            parent: entry,
          });
      }
    }
  }
  return undefined;
}

function pathOf(entry: {
  key: string | number;
  parent?: { key: string | number; parent?: unknown };
}): string {
  const keys: (string | number)[] = [];
  for (let e: typeof entry | undefined = entry; e; e = e.parent as typeof entry | undefined)
    keys.unshift(e.key);
  return keys
    .map((k, i) =>
      i === 0 ? String(k) : typeof k === "number" ? `[${k}]` : `.${printable(k.slice(0, 40))}`,
    )
    .join("");
}
