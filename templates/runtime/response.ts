/**
 * Turns one buffered HTTP response into the caller's value or a typed `RefoldError`.
 * Parses defensively: HTML pages, truncated JSON and empty bodies become clear errors naming the
 * status, the content type and the first bytes; nothing here throws.
 */
import {
  RefoldConnectionExpiredError,
  RefoldInvalidResponseError,
  RefoldProviderError,
  type RefoldError,
} from "./errors.js";
import { errorFromResponse } from "./errorFactory.js";
import {
  baseInit,
  bodySnippet,
  isObject,
  looksLikeExpiredConnection,
  num,
  parseJson,
  str,
  where,
  type CallContext,
} from "./responseBody.js";
import type { RawResponse } from "./transport.js";

export type { CallContext } from "./responseBody.js";

export type ResponseOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: RefoldError; retryAfterMs: number | undefined };

function success(ctx: CallContext, res: RawResponse, envelope: boolean): ResponseOutcome {
  const parsed = parseJson(res.body);
  const type = res.contentType ?? "no content type";
  if (!parsed.ok) {
    const message = `Refold answered HTTP ${res.status} (${type}) for ${where(ctx)} with a body that is not JSON: ${bodySnippet(res.body, ctx.secrets)}`;
    return invalid(ctx, res, message);
  }
  const body = parsed.value;
  if (!isObject(body) || !("data" in body || "node_status" in body || "success" in body)) {
    const message = `Refold answered HTTP ${res.status} (${type}) for ${where(ctx)} with JSON that is not a result envelope: ${bodySnippet(res.body, ctx.secrets)}`;
    return invalid(ctx, res, message);
  }
  const nodeStatus = str(body["node_status"]);
  const providerStatus = num(body["http_status"]);
  const failed =
    (nodeStatus !== undefined && nodeStatus.toLowerCase() !== "success") ||
    (providerStatus !== undefined && providerStatus >= 400) ||
    body["success"] === false;
  if (!failed) return { ok: true, value: envelope ? body : body["data"] };
  const init = { ...baseInit(ctx, res, str(body["request_id"])), mayHaveSucceeded: false };
  const detail = str(body["message"]) ?? str(body["error"]) ?? "";
  const suffix = detail === "" ? "" : `: ${detail}`;
  if (looksLikeExpiredConnection(body) || providerStatus === 401) {
    const message = `The connection of ${where(ctx)} has expired or is not connected; the customer must reconnect${suffix}`;
    return {
      ok: false,
      error: new RefoldConnectionExpiredError(message, init),
      retryAfterMs: undefined,
    };
  }
  const statusText = providerStatus === undefined ? "" : `, provider HTTP ${providerStatus}`;
  const message = `The provider rejected ${where(ctx)} (node_status ${nodeStatus ?? (body["success"] === false ? "success=false" : "n/a")}${statusText})${suffix}`;
  const error = new RefoldProviderError(message, {
    ...init,
    nodeStatus,
    providerStatus,
    providerData: body["data"],
  });
  return { ok: false, error, retryAfterMs: undefined };
}

function invalid(ctx: CallContext, res: RawResponse, message: string): ResponseOutcome {
  const error = new RefoldInvalidResponseError(message, {
    ...baseInit(ctx, res),
    contentType: res.contentType,
    mayHaveSucceeded: true,
  });
  return { ok: false, error, retryAfterMs: undefined };
}

/** Interprets a complete response for an execute call. */
export function interpretResponse(
  ctx: CallContext,
  res: RawResponse,
  envelope: boolean,
  retryAfterMs: number | undefined,
): ResponseOutcome {
  if (res.status >= 200 && res.status < 300) return success(ctx, res, envelope);
  return { ok: false, error: errorFromResponse(ctx, res, retryAfterMs), retryAfterMs };
}
