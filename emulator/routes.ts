/**
 * Dispatch of a matched route (matchRoute.ts), and the schema-discovery and session-token
 * handlers. Path segments arrive already percent-decoded once (http.ts), so a slug containing "/"
 * is a single segment.
 */
import { fieldsOf, listItem } from "./catalog.js";
import { handleExecute } from "./execute.js";
import { guard, checkApiKey } from "./guard.js";
import { bodyObject, errorReply, jsonReply } from "./http.js";
import type { RequestContext } from "./matchRoute.js";
import type { Reply } from "./types.js";

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
    return jsonReply(200, state.settings.wrappedLists ? { actions: items } : items);
  }
  const action = entry.actions.find((candidate) => candidate.action_id === route.actionId);
  if (!action)
    return errorReply(404, "Action not found for the specified slug and action_id", requestId);
  const fields = fieldsOf(action);
  return jsonReply(200, state.settings.wrappedLists ? { parameters: fields } : fields);
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
    return state.settings.unknownAccountMint === 500
      ? errorReply(500, `No linked account found for id '${accountId}'`, requestId)
      : errorReply(400, `Linked account '${accountId}' is not valid`, requestId, {
          errorCode: "INVALID_LINKED_ACCOUNT_ID",
          codeKey: "error",
        });
  return jsonReply(200, state.tokens.mint(accountId));
}
