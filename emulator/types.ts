/**
 * Types shared by the emulator's modules. The catalog types mirror the snapshot file format of
 * docs/contract.md: `{ app, actions: [list item + parameters] }`, values kept exactly as served.
 */

/** One parameter field, as served by `GET …/actions/{action_id}`. */
export type CatalogField = Record<string, unknown> & { name?: unknown; required?: unknown };

/** One action: the list item plus its `parameters` (the snapshot form). */
export type CatalogAction = Record<string, unknown> & {
  action_id: string;
  parameters?: CatalogField[];
};

/** One app of the catalog (the content of one `<slug>.json` snapshot file). */
export interface CatalogApp {
  app: Record<string, unknown> & { slug: string };
  actions: CatalogAction[];
}

/** Connection state of a linked account to one app. Absent means "not connected". */
export type ConnectionStatus = "active" | "expired";

/** How a linked account is defined. */
export interface AccountSpec {
  /**
   * Derives this account's catalog from the base catalog (the committed snapshot). Receives a
   * deep copy it may mutate and return. Default: the base catalog unchanged.
   */
  catalog?: (base: CatalogApp[]) => CatalogApp[];
  /** Per-app connection state; apps not listed use `defaultConnection`. */
  connections?: Record<string, ConnectionStatus | null>;
  /** State of apps not in `connections` (default "active"; `null` = not connected). */
  defaultConnection?: ConnectionStatus | null;
}

/** The response forms and fallbacks a test may flip between requests (`Emulator.settings`). */
export interface EmulatorSettings {
  /** Answer the list endpoints in the older wrapped form `{actions}` / `{parameters}`. */
  wrappedLists: boolean;
  /** Execute result form: `{node_status, data, http_status}` or `{success, data}`. */
  resultForm: "node_status" | "success";
  /** Account used for schema discovery without `linked_account_id`. */
  discoveryAccount?: string | undefined;
  /** Answer to a session-token request for an unknown linked account. */
  unknownAccountMint: 400 | 500;
}

/** A clock in milliseconds (Date.now by default); injectable so tests never sleep. */
export type Clock = () => number;

/** What one response looks like before it is written (lets faults reshape it). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One entry of the call history. Secrets are redacted from `headers`. */
export interface RecordedRequest {
  /** The request_id the emulator assigned (also sent back as `x-request-id`). */
  requestId: string;
  method: string;
  /** The raw request target, query included, as received (still percent-encoded). */
  url: string;
  /** The raw path without the query. */
  path: string;
  /** Path segments, each percent-decoded once. */
  segments: string[];
  /** Which endpoint the route matched, when it matched one. */
  endpoint?: EndpointName;
  slug?: string;
  actionId?: string;
  /** The `linked_account_id` header, or the account of the session token. */
  linkedAccountId?: string;
  /** Which credential the request carried (validity is not implied). */
  auth: "api-key" | "session-token" | "none";
  /** Lower-cased request headers; `x-api-key`, `authorization` and `cookie` values replaced by "[REDACTED]". */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** The status the emulator answered with (undefined for reset/hang faults). */
  status?: number;
  /** The fault kind that shaped the answer, if any. */
  fault?: FaultKind;
  /** Clock time when the request arrived. */
  at: number;
}

export type EndpointName =
  "list-apps" | "get-app" | "list-actions" | "get-action" | "execute" | "session-token";

export type FaultKind = "delay" | "status" | "reset" | "html" | "truncated" | "hang";

/** Which requests a fault applies to; every given criterion must match. */
export interface FaultMatch {
  method?: string;
  /** Exact raw path (percent-encoded, no query) or a RegExp tested against it. */
  path?: string | RegExp;
  endpoint?: EndpointName;
  /** Decoded slug / action id. */
  slug?: string;
  actionId?: string;
  linkedAccountId?: string;
  /** How many times the fault fires before it is spent (default: unlimited). */
  times?: number;
}

export type FaultSpec = { match?: FaultMatch } & (
  | {
      kind: "delay";
      ms: number;
      /** "headers": wait before answering (default); "body": send headers and half the body, stall, then the rest. */
      stage?: "headers" | "body";
    }
  | {
      kind: "status";
      /** 500, 502, 503, 429, … answered with the JSON error envelope. */
      status: number;
      /** Value of a `Retry-After` header, if any. */
      retryAfter?: string;
      message?: string;
      /** Run the real handler first (its side effects happen), then answer with the fault. */
      processed?: boolean;
    }
  | {
      kind: "reset";
      /** "before": reset instead of answering (default); "mid": headers and part of the body, then reset. */
      stage?: "before" | "mid";
      processed?: boolean;
    }
  | { kind: "html"; status?: number; processed?: boolean }
  | {
      kind: "truncated";
      /**
       * "cut" (default): a well-framed response whose JSON is cut (the client gets a JSON parse error);
       * "length": Content-Length announces the full body, half is sent, then the connection closes.
       */
      mode?: "cut" | "length";
    }
  | { kind: "hang"; processed?: boolean }
);

/** A registered fault: how often it fired, and how to remove it. */
export interface FaultHandle {
  readonly id: string;
  readonly hits: number;
  remove(): void;
}
