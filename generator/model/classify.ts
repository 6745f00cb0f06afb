/**
 * Stage: classify. Decides whether each action reads or writes, from the verb its action id starts
 * with. The executor retries a read after it may have reached the server, never a write, so an
 * unknown verb is a write: the safe side. Config overrides win (`"slug/action_id": "read"`).
 */
import type { ActionKind, AppModel, CatalogModel, NamedAction } from "../core/model.js";
import { words } from "./names.js";

const READ_VERBS = new Set(
  "get list search find query fetch read retrieve lookup count describe download export view show check validate".split(
    " ",
  ),
);

/** The kind an action id implies: `get_contact` → read, `create_contact` → write, `httprequest` → write. */
export function kindFromActionId(actionId: string): ActionKind {
  const [verb = ""] = words(actionId);
  return READ_VERBS.has(verb) ? "read" : "write";
}

export type KindOverrides = Readonly<Record<string, ActionKind>>;

export function classifyCatalog(
  catalog: CatalogModel<NamedAction>,
  overrides: KindOverrides = {},
): CatalogModel {
  return { apps: catalog.apps.map((app) => classifyApp(app, overrides)) };
}

export function classifyApp(app: AppModel<NamedAction>, overrides: KindOverrides = {}): AppModel {
  return {
    ...app,
    actions: app.actions.map((action) => ({
      ...action,
      kind: overrides[`${app.slug}/${action.actionId}`] ?? kindFromActionId(action.actionId),
    })),
  };
}
