/**
 * Tool names for agents: `<slug>_<action_id>` (`hubspot_create_contact`) when that is at most 64
 * characters of `[a-zA-Z0-9_-]` and no other selected action gives the same text; otherwise a
 * readable prefix plus 8 hex characters of a hash of the exact wire ids. The same pair always gets
 * the same name within the same selection of apps and actions.
 */

export const MAX_TOOL_NAME = 64;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** FNV-1a (32 bit) over UTF-16 code units, as 8 hex characters. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

const plain = (slug: string, actionId: string) => `${slug}_${actionId}`;

function hashed(slug: string, actionId: string): string {
  const readable = plain(slug, actionId)
    .replace(/[^a-zA-Z0-9_-]+/g, "_")
    .slice(0, MAX_TOOL_NAME - 9);
  return `${readable}_${fnv1a(`${slug}\u0000${actionId}`)}`;
}

/** Names for `[slug, actionId]` pairs, in the same order; throws if two hashed names collide. */
export function toolNames(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const counts = new Map<string, number>();
  for (const [slug, actionId] of pairs) {
    const name = plain(slug, actionId);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const names = pairs.map(([slug, actionId]) => {
    const name = plain(slug, actionId);
    return TOOL_NAME.test(name) && counts.get(name) === 1 ? name : hashed(slug, actionId);
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`Two tools hash to the name ${name}`);
    seen.add(name);
  }
  return names;
}
