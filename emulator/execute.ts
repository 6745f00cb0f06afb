/**
 * `POST /api/v2/integration-schema/{slug}/actions/{action_id}/execute`: checks the action exists
 * for the account, validates required parameters, checks the account's connection, runs the fake
 * provider and wraps its answer in the result envelope.
 *
 * Expired (or missing) connection: the emulator answers HTTP 401 with the error envelope plus
 * `error_code: "EXTERNAL_API_FAILURE"` (documented) and `reauth_required: true`. The docs give no
 * status for this; 401 is what the provider itself answers to a dead OAuth token, and
 * `reauth_required` is what tells it apart from a bad API key (clients must not treat it as
 * retryable or refresh-worthy).
 */
import { fieldsOf } from "./catalog.js";
import { guard } from "./guard.js";
import { bodyObject, errorReply, jsonReply } from "./http.js";
import type { RequestContext } from "./matchRoute.js";
import { runProvider } from "./providers/index.js";
import type { Reply } from "./types.js";

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

export function handleExecute({ req, requestId, route, body, state }: RequestContext): Reply {
  const auth = guard(req, state, requestId, "execute");
  if (!auth.ok) return auth.reply;
  const accountId = auth.accountId;
  const slug = route.slug!;
  const actionId = route.actionId!;
  const app = state.catalog.findApp(accountId, slug);
  if (!app) return errorReply(404, "Integration slug not found", requestId);
  const action = app.actions.find((candidate) => candidate.action_id === actionId);
  if (!action)
    return errorReply(404, `Action ${actionId} not found in Application ${slug}`, requestId);

  const params = bodyObject(body);
  if (!params)
    return errorReply(400, "Request body must be a JSON object", requestId, {
      errorCode: "VALIDATION_ERROR",
    });
  for (const field of fieldsOf(action)) {
    if (
      field &&
      field.required === true &&
      typeof field.name === "string" &&
      isMissing(params[field.name])
    ) {
      return errorReply(400, `Required parameter '${field.name}' is missing`, requestId, {
        errorCode: "VALIDATION_ERROR",
      });
    }
  }

  const connection = state.connection(accountId, slug);
  if (connection !== "active") {
    const why = connection === "expired" ? "has expired" : "is not connected";
    return errorReply(
      401,
      `The ${slug} connection of linked account '${accountId}' ${why}; reconnect it`,
      requestId,
      {
        errorCode: "EXTERNAL_API_FAILURE",
        fields: { reauth_required: true, linked_account_id: accountId, slug },
      },
    );
  }

  const result = runProvider(
    { slug, actionId, params, now: state.now, linkedAccountId: accountId },
    state.providers,
  );
  // Slack-style failures come back as HTTP 200 with `ok: false` (`failed`).
  const providerOk = result.status < 400 && !result.failed;
  if (state.settings.resultForm === "success")
    return jsonReply(200, { success: providerOk, data: result.data });
  return jsonReply(200, {
    node_status: providerOk ? "Success" : "Failed",
    data: result.data,
    http_status: result.status,
  });
}
