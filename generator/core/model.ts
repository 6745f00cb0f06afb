/**
 * The validated, named catalog that the emit stages work from. Built by `normalize` (validation)
 * and `name` (identifiers); every string here that came from the API is still raw text and must be
 * escaped for the place it lands (see `escape.ts`).
 */
import type { Diagnostic } from "./diagnostics.js";
import type { KeptFile } from "./diskFile.js";
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
  /** The warnings normalizing and naming this app gave (the manifest records them; see `RecordedApp`). */
  warnings?: AppWarnings;
}

export interface AppWarnings {
  normalize: Diagnostic[];
  names: Diagnostic[];
}

/**
 * An app whose snapshot file is byte for byte the one the previous run wrote, and whose module,
 * metadata and docs can be kept (`cache.ts` decides): it is not parsed. Its name, action count,
 * names and warnings are the manifest's, which a fresh run would give again: normalizing and naming
 * are functions of the snapshot text, the app's recorded names and its property (so if naming the
 * catalog gives it another property or file, `parse` is used instead).
 */
export interface RecordedApp {
  recorded: true;
  slug: string;
  name: string;
  source: string;
  /** The snapshot file's text, or the previous output's file kept as it is (not read). */
  schema: string | KeptFile;
  schemaHash: string;
  actionCount: number;
  /** As the previous run bound them. */
  fileName: string;
  propertyName: string;
  /** Its names as the manifest records them (written again as they are). */
  manifestNames: ManifestNames;
  warnings: AppWarnings;
  /** The manifest's hash of name, actions, names and warnings (verified: see `cache.ts`). */
  model: string;
  /** The app's input hash (its schema, names, overrides and module key) and the texts kept. */
  inputHash: string;
  module: KeptFile;
  meta: KeptFile;
  docs?: KeptFile;
  /** The snapshot, parsed, and its text (for when the recorded names no longer apply). */
  parse(): WireAppSnapshot;
  schemaText(): string;
}

/** The names an app's manifest entry records (see `output/manifest.ts`). */
export interface ManifestNames {
  property: string;
  /** action id → method name (keys are remote text). */
  methods: Record<string, string>;
  /** action id → params type name. */
  params: Record<string, string>;
}

export interface CatalogModel<Action = ActionModel> {
  apps: AppModel<Action>[];
}

/** An app as the emit stages see it: everything but the parsed wire snapshot. */
export type NamedApp = Omit<AppModel, "snapshot" | "text">;
