/**
 * Route table and the schema-discovery and session-token handlers. Path segments arrive already
 * percent-decoded once (http.ts), so a slug containing "/" is a single segment.
 */
import type { IncomingMessage } from "node:http";
import { fieldsOf, listItem } from "./catalog.js";
import { handleExecute } from "./execute.js";
import { guard, checkApiKey } from "./guard.js";
import { bodyObject, errorReply, jsonReply } from "./http.js";
import type { EmulatorState } from "./state.js";
import type { EndpointName, Reply } from "./types.js";

export interface Route {
  endpoint: EndpointName;
  method: "GET" | "POST";
  slug?: string;
  actionId?: string;
}

/** Matches decoded segments against the six endpoints (method checked later, for a 405). */
export function matchRoute(segments: string[]): Route | undefined {
  const [api, v2, area, ...rest] = segments;
  if (api !== "api" || v2 !== "v2") return undefined;
  if (area === "public") {
    if (rest.length === 1 && rest[0] === "application")
      return { endpoint: "list-apps", method: "GET" };
    if (rest.length === 2 && rest[0] === "application")
      return { endpoint: "get-app", method: "GET", slug: rest[1] };
    if (rest.length === 1 && rest[0] === "session-token")
      return { endpoint: "session-token", method: "POST" };
    return undefined;
  }
  if (area !== "integration-schema" || rest[1] !== "actions") return undefined;
  const [slug, , actionId, tail] = rest;
  if (rest.length === 2) return { endpoint: "list-actions", method: "GET", slug };
  if (rest.length === 3) return { endpoint: "get-action", method: "GET", slug, actionId };
  if (rest.length === 4 && tail === "execute")
    return { endpoint: "execute", method: "POST", slug, actionId };
  return undefined;
}

export interface RequestContext {
  req: IncomingMessage;
  requestId: string;
  route: Route;
  /** The raw body text. */
  body: string;
  state: EmulatorState;
}

export function handleRoute(ctx: RequestContext): Reply {
  switch (ctx.route.endpoint) {
    case "session-token":
      return sessionToken(ctx);
    case "execute":
      return handleExecute(ctx);
    default:
      return discovery(ctx);
  }
}

function discovery({ req, requestId, route, state }: RequestContext): Reply {
  const auth = guard(req, state, requestId, "discovery");
  if (!auth.ok) return auth.reply;
  const apps = state.catalog.forAccount(auth.accountId);
  // The app list excludes the org's default app (documented). Whether the one-app endpoint answers
  // for it is not documented; the emulator treats it like the list (404), the stricter case.
  if (route.endpoint === "list-apps")
    return jsonReply(
      200,
      apps.filter((entry) => entry.app.slug !== state.defaultApp).map((entry) => entry.app),
    );
  const entry = apps.find((candidate) => candidate.app.slug === route.slug);
  if (route.endpoint === "get-app") {
    return entry && route.slug !== state.defaultApp
      ? jsonReply(200, entry.app)
      : errorReply(404, `Application app_type '${route.slug}' not found`, requestId);
  }
  if (!entry) return errorReply(404, "Integration slug not found", requestId);
  if (route.endpoint === "list-actions") {
    const items = entry.actions.map(listItem);
    return jsonReply(200, state.wrappedLists ? { actions: items } : items);
  }
  const action = entry.actions.find((candidate) => candidate.action_id === route.actionId);
  if (!action)
    return errorReply(404, "Action not found for the specified slug and action_id", requestId);
  const fields = fieldsOf(action);
  return jsonReply(200, state.wrappedLists ? { parameters: fields } : fields);
}

/**
 * `{linked_account_id}` with x-api-key → a new token pair. `{refresh_token}` (no key needed) → a new
 * pair for the same account; refresh is undocumented, this is the emulator's choice.
 */
function sessionToken({ req, requestId, body, state }: RequestContext): Reply {
  const input = bodyObject(body);
  if (!input) {
    return errorReply(400, "Request body must be a JSON object", requestId, {
      errorCode: "VALIDATION_ERROR",
    });
  }
  if (typeof input.refresh_token === "string") {
    const pair = state.tokens.refresh(input.refresh_token);
    if (pair === "unknown") return errorReply(401, "Invalid refresh token", requestId);
    if (pair === "expired") return errorReply(401, "Refresh token expired", requestId);
    return jsonReply(200, pair);
  }
  const keyError = checkApiKey(req, state, requestId);
  if (keyError) return keyError;
  const accountId = input.linked_account_id;
  if (typeof accountId !== "string" || accountId === "") {
    return errorReply(400, "Required parameter 'linked_account_id' is missing", requestId, {
      errorCode: "VALIDATION_ERROR",
    });
  }
  // Nothing is executed for an unknown account: newer docs answer 400 INVALID_LINKED_ACCOUNT_ID
  // (spelled `error`), older ones 500 "No linked account found…".
  if (!state.hasAccount(accountId))
    return state.unknownAccountMint === 500
      ? errorReply(500, `No linked account found for id '${accountId}'`, requestId)
      : errorReply(400, `Linked account '${accountId}' is not valid`, requestId, {
          errorCode: "INVALID_LINKED_ACCOUNT_ID",
          codeKey: "error",
        });
  return jsonReply(200, state.tokens.mint(accountId));
}
