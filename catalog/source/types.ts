/**
 * Hand-written source of the committed catalog (`generated/schemas/<slug>.json`).
 * The shapes mirror the wire format of ../shared/REFOLD-API.md; `catalog/build.ts` writes
 * them through `serializeAppSnapshot`, so key order here does not matter.
 */

export type FieldType =
  | "text"
  | "textarea"
  | "email"
  | "url"
  | "password"
  | "number"
  | "boolean"
  | "json"
  | "select"
  | "date"
  | "datetime"
  | "map"
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
}

export interface Action {
  name: string;
  action_id: string;
  description: string;
  parameters: Field[];
}

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

/** Options whose display name and value are the same string. */
export function opts(...values: string[]): Option[] {
  return values.map((value) => ({ name: value, value }));
}

/** The generic raw-call action every app lists ("HTTP Request", auth injected by Refold). */
export function httpRequest(appName: string, examplePath: string): Action {
  return {
    name: "HTTP Request",
    action_id: "httprequest",
    description: `Makes a raw HTTP request to the ${appName} API with the linked account's credentials injected.`,
    parameters: [
      {
        name: "method",
        label: "Select Method",
        required: true,
        type: "select",
        options: opts("GET", "POST", "PUT", "PATCH", "DELETE"),
      },
      {
        name: "path",
        label: "Enter Path",
        required: true,
        type: "text",
        placeholder: examplePath,
        help_text: `Path relative to the ${appName} API base URL.`,
      },
      { name: "query", label: "Query Parameters", required: false, type: "json" },
      { name: "body", label: "Request Body", required: false, type: "json" },
      { name: "headers", label: "Additional Headers", required: false, type: "json" },
    ],
  };
}
