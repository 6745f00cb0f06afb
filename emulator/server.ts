/**
 * A Refold-compatible local server (think stripe-mock): the five documented endpoints plus
 * session tokens, served from a catalog (by default the committed snapshot), with both auth modes,
 * several linked accounts, fake providers, rate limiting and test-driven faults.
 *
 *   const emulator = await startEmulator();            // http://127.0.0.1:<random port>
 *   emulator.fault({ match: { endpoint: "execute", times: 1 }, kind: "status", status: 503 });
 *   ...; emulator.requests;  await emulator.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_ACCOUNT, DEFAULT_APP, defaultAccounts } from "./accounts.js";
import type { SessionTokenOptions, SessionTokenPair } from "./auth.js";
import { DEFAULT_CATALOG_DIR, checkApp, clone, loadCatalogDir } from "./catalog.js";
import { handleControl, type EmulatorControl } from "./control.js";
import { FaultRegistry, deliverFault, needsReply, writeReply } from "./faults.js";
import { decodeSegments, errorReply, header, newRequestId, parseLoose, readBody } from "./http.js";
import type { RateLimitOptions } from "./rateLimit.js";
import { matchRoute } from "./matchRoute.js";
import { handleRoute } from "./routes.js";
import { redactHeaders } from "../templates/runtime/redact.js";
import { DEFAULT_API_KEY, DEFAULT_REVOKED_KEY, EmulatorState } from "./state.js";
import type {
  AccountSpec,
  CatalogApp,
  Clock,
  ConnectionStatus,
  EmulatorSettings,
  FaultHandle,
  FaultSpec,
  RecordedRequest,
  Reply,
} from "./types.js";

export type * from "./types.js";
export type { EmulatorControl } from "./control.js";
export type { SessionTokenPair } from "./auth.js";
export { createManualClock, type ManualClock } from "./clock.js";
export { DEFAULT_APP, defaultAccounts, keepProxies } from "./accounts.js";
export { DEFAULT_API_KEY, DEFAULT_REVOKED_KEY } from "./state.js";
export { DEFAULT_CATALOG_DIR, loadCatalogDir } from "./catalog.js";

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** Directory of `<slug>.json` snapshot files (default `<repo>/generated/schemas`). */
  catalogDir?: string;
  /** The catalog itself (`{app, actions}` per app, as in docs/contract.md); wins over `catalogDir`. */
  catalog?: CatalogApp[];
  /** Linked accounts (default `defaultAccounts()`: acme, globex, initech). */
  accounts?: Record<string, AccountSpec>;
  /** Accepted `x-api-key` values (default `[DEFAULT_API_KEY]`). */
  apiKeys?: string[];
  /** Known but revoked keys, answered with 403 (default `[DEFAULT_REVOKED_KEY]`). */
  revokedKeys?: string[];
  /** Clock for token expiry, rate limiting and timestamps (default Date.now). */
  now?: Clock;
  sessionTokens?: SessionTokenOptions;
  /** Per-account token bucket (default 20/s, burst 5, execute only); `false` disables it. */
  rateLimit?: RateLimitOptions | false;
  /** Answer the list endpoints in the older wrapped form `{actions}` / `{parameters}`. */
  wrappedLists?: boolean;
  /** Execute result form: `{node_status, data, http_status}` (default) or `{success, data}`. */
  resultForm?: "node_status" | "success";
  /** Account used for schema discovery without `linked_account_id` (default: none → 400). */
  discoveryAccount?: string;
  /**
   * Slug of the org's default app (API proxies): left out of `GET /application`, 404 on
   * `GET /application/{slug}`, listed, described and executed by slug like any app (default
   * `DEFAULT_APP`, "acme_backend"; `false`: no default app).
   */
  defaultApp?: string | false;
  /**
   * Answer to a session-token request for an unknown linked account: the newer docs' 400
   * `"error": "INVALID_LINKED_ACCOUNT_ID"` (default) or the older docs' 500 "No linked account found".
   */
  unknownAccountMint?: 400 | 500;
  /** Serve `/__emulator/*` control routes (default true). */
  control?: boolean;
  /**
   * Most entries kept in `requests` (default 100 000); beyond it the oldest tenth is dropped, so a
   * long benchmark run cannot exhaust memory. `0` disables recording.
   */
  historyLimit?: number;
}

export interface Emulator extends EmulatorControl {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** The first accepted API key. */
  readonly apiKey: string;
  /** Known linked account ids. */
  readonly accounts: string[];
  /** Live settings: flip the response forms between requests. */
  readonly settings: EmulatorSettings;
  /** A copy of the catalog an account sees (default acme), in served order. */
  catalog(accountId?: string): CatalogApp[];
  /** Changes the base catalog (every account), or one account's catalog when `accountId` is given. */
  updateCatalog(fn: (apps: CatalogApp[]) => CatalogApp[] | void, accountId?: string): void;
  /** Sets an account's connection to an app (`null` = not connected). */
  setConnection(accountId: string, slug: string, status: ConnectionStatus | null): void;
  /** Mints a session token without an HTTP call. */
  mintSessionToken(accountId: string): SessionTokenPair;
  /** Makes every issued session token expired (refresh tokens stay valid). */
  expireSessionTokens(): void;
  /** The fake provider's state for (account, app), e.g. `{contacts: Map}` for hubspot. */
  providerState(accountId: string, slug: string): unknown;
  close(): Promise<void>;
}

function loadCatalog(options: EmulatorOptions): CatalogApp[] {
  if (options.catalog)
    return options.catalog.map((app, i) => checkApp(clone(app), `options.catalog[${i}]`));
  return loadCatalogDir(options.catalogDir ?? DEFAULT_CATALOG_DIR);
}

/** The request's headers, one string each, with credentials replaced (the runtime's own rule). */
function redactedHeaders(req: IncomingMessage): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return redactHeaders(flat);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const apiKeys = options.apiKeys ?? [DEFAULT_API_KEY];
  const state = new EmulatorState({
    catalog: loadCatalog(options),
    accounts: options.accounts ?? defaultAccounts(),
    apiKeys,
    revokedKeys: options.revokedKeys ?? [DEFAULT_REVOKED_KEY],
    now,
    sessionTokens: options.sessionTokens,
    rateLimit: options.rateLimit,
    settings: {
      wrappedLists: options.wrappedLists ?? false,
      resultForm: options.resultForm ?? "node_status",
      discoveryAccount: options.discoveryAccount,
      unknownAccountMint: options.unknownAccountMint ?? 400,
    },
    defaultApp: options.defaultApp === false ? undefined : (options.defaultApp ?? DEFAULT_APP),
  });
  const faults = new FaultRegistry();
  const historyLimit = options.historyLimit ?? 100_000;
  const requests: RecordedRequest[] = [];
  const control: EmulatorControl = {
    requests,
    clearRequests: () => void (requests.length = 0),
    fault: (spec) => faults.add(spec),
    removeFault: (id) => faults.remove(id),
    clearFaults: () => faults.clear(),
    reset: () => {
      faults.clear();
      requests.length = 0;
      state.reset();
    },
  };

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    res.setHeader("x-request-id", requestId);
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const path = url.split("?", 1)[0];
    const text = await readBody(req);
    const segments = decodeSegments(path);
    if (options.control !== false && segments?.[0] === "__emulator") {
      writeReply(res, handleControl(method, segments, text ?? "", requestId, control));
      return;
    }
    const route = segments ? matchRoute(segments) : undefined;
    const bearer = header(req, "authorization")?.match(/^Bearer\s+(\S+)/i)?.[1];
    const tokenAccount = bearer ? state.tokens.check(bearer).linkedAccountId : undefined;
    const record: RecordedRequest = {
      requestId,
      method,
      url,
      path,
      segments: segments ?? [],
      endpoint: route?.endpoint,
      slug: route?.slug,
      actionId: route?.actionId,
      linkedAccountId: tokenAccount ?? header(req, "linked_account_id"),
      auth: bearer ? "session-token" : header(req, "x-api-key") !== undefined ? "api-key" : "none",
      headers: redactedHeaders(req),
      body: text === null ? "[body too large]" : parseLoose(text),
      at: now(),
    };
    if (historyLimit > 0) {
      if (requests.length >= historyLimit) requests.splice(0, Math.ceil(historyLimit / 10));
      requests.push(record);
    }

    const run = async (): Promise<Reply> => {
      if (text === null) return errorReply(413, "Request body too large", requestId);
      if (!segments)
        return errorReply(400, "Malformed percent-encoding in the request path", requestId);
      if (!route) return errorReply(404, `No route for ${method} ${path}`, requestId);
      if (route.method !== method) {
        return errorReply(405, `Method ${method} not allowed on ${path}`, requestId, {
          headers: { allow: route.method },
        });
      }
      return handleRoute({ req, requestId, route, body: text, state });
    };

    const fault = faults.take({ ...route, method, path, linkedAccountId: record.linkedAccountId });
    if (!fault) {
      const reply = await run();
      record.status = reply.status;
      writeReply(res, reply);
      return;
    }
    record.fault = fault.kind;
    const reply = needsReply(fault) ? await run() : undefined;
    record.status = await deliverFault(req, res, fault, reply, requestId, faults, run);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      // An emulator bug: answer 500 rather than leaving the client hanging.
      console.error("emulator: internal error:", error);
      if (!res.headersSent)
        writeReply(res, errorReply(500, "Emulator internal error", "req_internal"));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    ...control,
    get requests() {
      return requests;
    },
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey: apiKeys[0] ?? "",
    accounts: [...state.accounts.keys()],
    settings: state.settings,
    catalog: (accountId = DEFAULT_ACCOUNT) => clone(state.catalog.forAccount(accountId)),
    updateCatalog: (fn, accountId) => state.catalog.update(fn, accountId),
    setConnection: (accountId, slug, status) => state.setConnection(accountId, slug, status),
    mintSessionToken: (accountId) => state.tokens.mint(accountId),
    expireSessionTokens: () => state.tokens.expireAll(),
    providerState: (accountId, slug) => state.providers.get(accountId, slug),
    close: () =>
      new Promise<void>((resolve) => {
        faults.cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
