/**
 * Assigns unique names within one scope (the apps of a catalog, the methods of an app, …), keeping
 * earlier bindings: an entry whose wire id was bound to a name by the previous run keeps that name
 * (while it is still valid), and only then do newcomers, in wire-id order, take their base name or
 * the next free `base<n>`. So a newcomer never takes an incumbent's name, whatever it sorts as.
 *
 * Linear: each base name has its own counter, which only moves forward, so n entries that all want
 * the same base cost O(n) lookups, not O(n²).
 */

export interface Claim {
  /** The wire id (slug, action id) the name is for. */
  wire: string;
  /** The name it would get on its own. */
  base: string;
  /** The name the previous run bound it to, if any (already checked to be a well-formed identifier). */
  bound?: string;
}

export interface NameScope {
  /** Names clash when their keys are equal (e.g. their PascalCase or lower-cased forms). */
  key: (name: string) => string;
  /** Names nobody in this scope may take (reserved words, imports). */
  isTaken: (name: string) => boolean;
  /** The n-th fallback for `base` (default `base` + n). */
  suffixed?: (base: string, n: number) => string;
}

/** Groups of two or more claims that wanted the same base name (by key), in claim order. */
export interface Collision {
  base: string;
  claims: { wire: string; name: string }[];
}

export interface Allocation {
  names: string[];
  collisions: Collision[];
}

export function allocate(claims: readonly Claim[], scope: NameScope): Allocation {
  const { key, isTaken } = scope;
  const suffixed = scope.suffixed ?? ((base, n) => base + n);
  const names: (string | undefined)[] = new Array(claims.length);
  const used = new Set<string>();
  claims.forEach((claim, i) => {
    const bound = claim.bound;
    if (bound === undefined || isTaken(bound) || used.has(key(bound))) return;
    names[i] = bound;
    used.add(key(bound));
  });
  const next = new Map<string, number>();
  claims.forEach((claim, i) => {
    if (names[i] !== undefined) return;
    let name = claim.base;
    if (used.has(key(name)) || isTaken(name)) {
      let n = next.get(claim.base) ?? 2;
      while (used.has(key(suffixed(claim.base, n))) || isTaken(suffixed(claim.base, n))) n++;
      name = suffixed(claim.base, n);
      next.set(claim.base, n + 1);
    }
    used.add(key(name));
    names[i] = name;
  });
  return { names: names as string[], collisions: collisionsOf(claims, names as string[], key) };
}

function collisionsOf(
  claims: readonly Claim[],
  names: readonly string[],
  key: (name: string) => string,
): Collision[] {
  const groups = new Map<string, Collision>();
  claims.forEach((claim, i) => {
    const k = key(claim.base);
    let group = groups.get(k);
    if (!group) groups.set(k, (group = { base: claim.base, claims: [] }));
    group.claims.push({ wire: claim.wire, name: names[i]! });
  });
  return [...groups.values()].filter((g) => g.claims.length > 1);
}
