/**
 * The schema snapshot: one file per app under `<out>/schemas/<slug>.json`, holding the catalog
 * exactly as the API sent it (wrappers removed), in canonical order. Offline and live runs both
 * generate from these files, so they share one path.
 *
 * File shape: `{ "app": <app object>, "actions": [<action list item + "parameters": [<field>…]>] }`.
 * Actions are sorted by `action_id`; parameters keep the server's order (it is the order of the
 * form in the Refold console, and of the properties in the generated types).
 */
import { canonicalJson, compareCodeUnits } from "./canonicalJson.js";
import { isWellFormed } from "./escape.js";
import { MAX_SNAPSHOT_FILE_BYTES, mib, tooLarge } from "./limits.js";

/** One app of the wire catalog. Values are untrusted: validation happens in `normalize`. */
export interface WireAppSnapshot {
  app: Record<string, unknown>;
  actions: WireAction[];
}

export interface WireAction extends Record<string, unknown> {
  parameters?: unknown;
}

/**
 * The canonical file text for one app. Over `maxBytes` (or over what a JavaScript string can hold)
 * is a user error naming the app, not a crash.
 */
export function serializeAppSnapshot(
  snapshot: WireAppSnapshot,
  maxBytes = MAX_SNAPSHOT_FILE_BYTES,
): string {
  const where = `app ${JSON.stringify(String(snapshot.app?.slug))}`;
  let text: string;
  try {
    text = canonicalJson({ app: snapshot.app, actions: sortActions(snapshot.actions) });
  } catch (error) {
    if (error instanceof RangeError && /string length|string longer/i.test(error.message))
      throw tooLarge("its snapshot", where, "more than 512 MiB", maxBytes);
    throw error;
  }
  // Bytes are at most 3 per UTF-16 unit: count them only when the cap could be exceeded.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text);
    if (bytes > maxBytes) throw tooLarge("its snapshot", where, mib(bytes), maxBytes);
  }
  return text;
}

/** Actions in `action_id` order; malformed ids sort by their JSON text, so the order is still total. */
export function sortActions(actions: readonly WireAction[]): WireAction[] {
  // `?.`: a hostile list may hold null entries (normalize skips them with a warning).
  const key = (action: WireAction | null) =>
    typeof action?.action_id === "string"
      ? action.action_id
      : "\uffff" + JSON.stringify(action?.action_id ?? null);
  return [...actions].sort(
    (a, b) =>
      compareCodeUnits(key(a), key(b)) || compareCodeUnits(JSON.stringify(a), JSON.stringify(b)),
  );
}

/** A path segment that URL parsers resolve (`.`/`..`, also when percent-encoded): never a slug or action id. */
export const DOT_SEGMENT = /^\.{1,2}$/;

/**
 * An action id the API can be asked about: a non-empty, well-formed string other than `.`/`..`.
 * The live source fetches schemas only for these; the others are kept as served and skipped by `normalize`
 * with a warning, so both modes treat a bad entry the same way.
 */
export function isUsableActionId(id: unknown): id is string {
  return typeof id === "string" && id !== "" && !DOT_SEGMENT.test(id) && isWellFormed(id);
}
