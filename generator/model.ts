/**
 * The validated, named catalog that the emit stages work from. Built by `normalize` (validation)
 * and `name` (identifiers); every string here that came from the API is still raw text and must be
 * escaped for the place it lands (see `escape.ts`).
 */
import type { WireAppSnapshot } from "./snapshot.js";

export type ActionKind = "read" | "write";

export interface FieldOption {
  name: string;
  value: string | number | boolean;
}

export interface FieldModel {
  /** The field name exactly as the API spells it: the key sent on the wire. */
  wireName: string;
  /** The API's `type`, lower-cased; unknown types are kept and typed as `unknown`. */
  type: string;
  required: boolean;
  multiple: boolean;
  label?: string;
  helpText?: string;
  /** The field's `description` (the Console's Description of an API proxy field). */
  description?: string;
  placeholder?: string;
  options?: FieldOption[];
}

export interface ActionModel {
  actionId: string;
  name: string;
  description?: string;
  fields: FieldModel[];
  kind: ActionKind;
  /** camelCase method name on the app object. */
  methodName: string;
  /** `<PascalSlug><PascalActionId>Params`. */
  paramsTypeName: string;
}

/** An action as `name` leaves it: `classify` adds its kind. */
export type NamedAction = Omit<ActionModel, "kind">;

/** An app; its actions are classified (`ActionModel`) from `classify` on. */
export interface AppModel<Action = ActionModel> {
  slug: string;
  name: string;
  description?: string;
  /** Base name of `apps/<fileName>.ts` and `schemas/<fileName>.json`: safe on every file system. */
  fileName: string;
  /** camelCase of the slug: module export and client property. */
  propertyName: string;
  /** PascalCase of the slug: prefix of the app's type names. */
  typeName: string;
  actions: Action[];
  /** The wire snapshot this app was built from (what `schemas/<fileName>.json` holds). */
  snapshot: WireAppSnapshot;
  /** The text the snapshot was parsed from, when it came from a file. */
  text?: string;
}

export interface CatalogModel<Action = ActionModel> {
  apps: AppModel<Action>[];
}

/** An app as the emit stages see it: everything but the parsed wire snapshot. */
export type NamedApp = Omit<AppModel, "snapshot" | "text">;
