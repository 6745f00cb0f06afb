/**
 * Hand-written source of the committed catalog (`generated/schemas/<slug>.json`).
 * The shapes mirror the wire format of ../shared/REFOLD-API.md; `catalog/build.ts` writes
 * them through `serializeAppSnapshot`, so key order here does not matter.
 */

/** The field types REFOLD-API.md documents. */
export const DOCUMENTED_FIELD_TYPES = [
  "text",
  "textarea",
  "email",
  "url",
  "password",
  "number",
  "boolean",
  "json",
  "select",
  "date",
  "datetime",
  "map",
] as const;

export type FieldType =
  | (typeof DOCUMENTED_FIELD_TYPES)[number]
  // Not a documented type: the one deliberate "unknown type" case (Jira add_attachment.file).
  | "file";

export interface Option {
  name: string;
  value: string;
}

export interface Field {
  name: string;
  label: string;
  required: boolean;
  type: FieldType;
  placeholder?: string;
  help_text?: string;
  options?: Option[];
  multiple?: boolean;
  /** The Console's Description of an API proxy field. */
  description?: string;
}

export interface Action {
  name: string;
  action_id: string;
  description: string;
  parameters: Field[];
}

/** A field as read back from a snapshot file, where `type` may be any string. */
export type SnapshotField = Omit<Field, "type"> & { type: string };
/** An action as read back from a snapshot file. */
export type SnapshotAction = Omit<Action, "parameters"> & { parameters: SnapshotField[] };

export interface ConnectedAccount {
  identifier: string;
  connectedAt: string;
  status?: "active" | "expired";
}

export interface App {
  name: string;
  slug: string;
  icon: string;
  description: string;
  auth_type: "oauth2" | "keybased";
  type: string;
  app_id: string;
  tags: string[];
  version: { _v: number; description: string };
  reauth_required?: boolean;
  connected?: boolean;
  connected_accounts?: ConnectedAccount[];
}

export interface AppCatalog {
  app: App;
  actions: Action[];
}

/** The org's default app (API proxies): known only by slug, so its object is `{slug, name}`. */
export interface DefaultAppCatalog {
  app: { slug: string; name: string };
  actions: Action[];
}

/** Options whose display name and value are the same string. */
export function opts(...values: string[]): Option[] {
  return values.map((value) => ({ name: value, value }));
}

/**
 * The generic raw-call action every app lists ("HTTP Request", auth injected by Refold). Its field
 * list is NOT documented. What is: its description tells callers to leave `base_url` unset (the
 * app's base URL is used) and to give the path as `url_path`, e.g. `/v1/some_endpoint`. This sample
 * has exactly those two fields and invents no others (no method, query, body or headers).
 */
export function httpRequest(appName: string, examplePath: string): Action {
  return {
    name: "HTTP Request",
    action_id: "httprequest",
    description: `Makes a raw HTTP request to the ${appName} API with the linked account's credentials injected. Leave base_url unset to use the app's base URL; give the path as url_path, e.g. ${examplePath}.`,
    parameters: [
      {
        name: "url_path",
        label: "URL Path",
        required: true,
        type: "text",
        placeholder: examplePath,
      },
      {
        name: "base_url",
        label: "Base URL",
        required: false,
        type: "url",
        help_text: `Leave unset: the ${appName} API base URL is used.`,
      },
    ],
  };
}
