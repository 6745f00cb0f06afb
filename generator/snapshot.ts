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

/** One app of the wire catalog. Values are untrusted: validation happens in `normalize`. */
export interface WireAppSnapshot {
  app: Record<string, unknown>;
  actions: WireAction[];
}

export interface WireAction extends Record<string, unknown> {
  parameters?: unknown;
}

/** The canonical file text for one app. */
export function serializeAppSnapshot(snapshot: WireAppSnapshot): string {
  return canonicalJson({ app: snapshot.app, actions: sortActions(snapshot.actions) });
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

/** The text each snapshot object was parsed from, when it came from a file (see `readSnapshot.ts`). */
const sourceTexts = new WeakMap<object, string>();

export function rememberSourceText(snapshot: object, text: string): void {
  sourceTexts.set(snapshot, text);
}

export function sourceTextOf(snapshot: object): string | undefined {
  return sourceTexts.get(snapshot);
}
