/**
 * Authentication and rate limiting for the API routes. Order: credentials (401/403), linked account
 * (400 missing / 404 unknown), then the per-account token bucket (429).
 *
 * Missing `linked_account_id` on schema discovery: the docs put the same two headers on every call,
 * so the emulator answers 400 VALIDATION_ERROR, unless `discoveryAccount` is configured, in which
 * case discovery falls back to that account (execute always requires the header).
 */
import type { IncomingMessage } from "node:http";
import { errorReply, header } from "./http.js";
import { retryAfterSeconds } from "./rateLimit.js";
import type { EmulatorState } from "./state.js";
import type { Reply } from "./types.js";

export type GuardResult = { ok: true; accountId: string } | { ok: false; reply: Reply };

/** Checks `x-api-key` alone (used by the session-token endpoint too). */
export function checkApiKey(
  req: IncomingMessage,
  state: EmulatorState,
  requestId: string,
): Reply | undefined {
  const key = header(req, "x-api-key");
  if (key === undefined || key === "") {
    return errorReply(
      401,
      "Missing API key: send x-api-key, or Authorization: Bearer <session token>",
      requestId,
    );
  }
  // The key itself is never echoed back.
  if (state.revokedKeys.has(key)) return errorReply(403, "API key has been revoked", requestId);
  if (!state.apiKeys.has(key)) return errorReply(401, "Invalid API key", requestId);
  return undefined;
}

function authenticate(
  req: IncomingMessage,
  state: EmulatorState,
  requestId: string,
  discovery: boolean,
): GuardResult {
  const authorization = header(req, "authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i);
  if (bearer) {
    const check = state.tokens.check(bearer[1]);
    if (!check.ok) {
      const message =
        check.reason === "expired" ? "Session token expired" : "Invalid session token";
      return { ok: false, reply: errorReply(401, message, requestId) };
    }
    // The token carries the linked account; it replaces both headers.
    return known(check.linkedAccountId, state, requestId);
  }
  if (authorization !== undefined && header(req, "x-api-key") === undefined) {
    return {
      ok: false,
      reply: errorReply(
        401,
        "Unsupported Authorization scheme: use Bearer <session token>",
        requestId,
      ),
    };
  }
  const keyError = checkApiKey(req, state, requestId);
  if (keyError) return { ok: false, reply: keyError };
  const accountId = header(req, "linked_account_id");
  if (accountId === undefined || accountId === "") {
    if (discovery && state.settings.discoveryAccount !== undefined)
      return known(state.settings.discoveryAccount, state, requestId);
    return {
      ok: false,
      reply: errorReply(400, "Required header 'linked_account_id' is missing", requestId, {
        errorCode: "VALIDATION_ERROR",
      }),
    };
  }
  return known(accountId, state, requestId);
}

function known(accountId: string, state: EmulatorState, requestId: string): GuardResult {
  if (!state.hasAccount(accountId)) {
    return {
      ok: false,
      reply: errorReply(404, `Linked account '${accountId}' not found`, requestId, {
        errorCode: "INVALID_LINKED_ACCOUNT_ID",
      }),
    };
  }
  return { ok: true, accountId };
}

/** Authenticates, resolves the linked account and applies the rate limit. */
export function guard(
  req: IncomingMessage,
  state: EmulatorState,
  requestId: string,
  kind: "discovery" | "execute",
): GuardResult {
  const result = authenticate(req, state, requestId, kind === "discovery");
  if (!result.ok || !state.limiter) return result;
  if (kind === "discovery" && state.limiter.scope !== "all") return result;
  const waitMs = state.limiter.take(result.accountId);
  if (waitMs === 0) return result;
  return {
    ok: false,
    reply: errorReply(
      429,
      `Rate limit exceeded for linked account '${result.accountId}'; retry later`,
      requestId,
      {
        headers: { "retry-after": retryAfterSeconds(waitMs) },
      },
    ),
  };
}
