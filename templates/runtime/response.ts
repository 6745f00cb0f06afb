/**
 * Turns one buffered HTTP response into the caller's value or a typed `RefoldError`.
 * Parses defensively: HTML pages, truncated JSON and empty bodies become clear errors naming the
 * status, the content type and the first bytes; nothing here throws.
 */
import {
  RefoldApiError,
  RefoldAuthenticationError,
  RefoldConnectionExpiredError,
  RefoldInvalidResponseError,
  RefoldNotFoundError,
  RefoldProviderError,
  RefoldRateLimitError,
  RefoldServerError,
  RefoldValidationError,
  type NotFoundResource,
  type RefoldError,
  type RefoldErrorInit,
} from "./errors.js";
import type { RawResponse } from "./transport.js";

/** Who the call was for; stamped on every error. */
export interface CallContext {
  slug: string;
  actionId: string;
  linkedAccountId: string | undefined;
  secrets: readonly string[];
}

export type ResponseOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: RefoldError; retryAfterMs: number | undefined };

const SNIPPET_BYTES = 200;
const WHITESPACE = /\s+/g;
const EXPIRED =
  /reauth|re-auth|not[ _-]?connected|reconnect|(connection|credential)s?[ _-]?(is[ _-]?|has[ _-]?)?(expired|revoked)/i;
const LINKED_ACCOUNT = /linked[ _-]?account|account[ _-]?not[ _-]?found|customer/i;
const ACTION = /action/i;
const APP = /slug|app_type|application|integration|app\b/i;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** First bytes of a body, whitespace collapsed, for messages. */
export function bodySnippet(body: Buffer): string {
  if (body.length === 0) return "(empty body)";
  const text = body.subarray(0, SNIPPET_BYTES).toString("utf8").replace(WHITESPACE, " ").trim();
  return JSON.stringify(body.length > SNIPPET_BYTES ? `${text}…` : text);
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

function where(ctx: CallContext): string {
  const account =
    ctx.linkedAccountId === undefined ? "" : ` (linked account ${ctx.linkedAccountId})`;
  return `${ctx.slug}/${ctx.actionId}${account}`;
}

function baseInit(ctx: CallContext, res: RawResponse, requestId?: string): RefoldErrorInit {
  return {
    status: res.status,
    slug: ctx.slug,
    actionId: ctx.actionId,
    linkedAccountId: ctx.linkedAccountId,
    requestId: requestId ?? res.requestId,
    secrets: ctx.secrets,
  };
}

/** True when a body says the linked account's connection must be re-authorized. */
export function looksLikeExpiredConnection(body: Json): boolean {
  if (body["reauth_required"] === true) return true;
  const data = body["data"];
  if (isObject(data) && data["reauth_required"] === true) return true;
  const text = [body["error"], body["error_code"], body["http_error_type"], body["message"]]
    .filter((part): part is string => typeof part === "string")
    .join(" ");
  return text !== "" && EXPIRED.test(text);
}

/** Which resource a 404 names, from its error code and message. */
export function notFoundResource(text: string): NotFoundResource {
  if (LINKED_ACCOUNT.test(text)) return "linked_account";
  if (ACTION.test(text)) return "action";
  if (APP.test(text)) return "app";
  return "unknown";
}

function success(ctx: CallContext, res: RawResponse, envelope: boolean): ResponseOutcome {
  const parsed = parseJson(res.body);
  const type = res.contentType ?? "no content type";
  if (!parsed.ok) {
    const message = `Refold answered HTTP ${res.status} (${type}) for ${where(ctx)} with a body that is not JSON: ${bodySnippet(res.body)}`;
    return invalid(ctx, res, message);
  }
  const body = parsed.value;
  if (!isObject(body) || !("data" in body || "node_status" in body || "success" in body)) {
    const message = `Refold answered HTTP ${res.status} (${type}) for ${where(ctx)} with JSON that is not a result envelope: ${bodySnippet(res.body)}`;
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

function failure(
  ctx: CallContext,
  res: RawResponse,
  retryAfterMs: number | undefined,
): ResponseOutcome {
  const parsed = parseJson(res.body);
  const body = parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
  const nested = body !== undefined && isObject(body["error"]) ? body["error"] : undefined;
  const serverCode = str(body?.["error_code"]) ?? str(body?.["error"]) ?? str(nested?.["code"]);
  const serverMessage = str(body?.["message"]) ?? str(nested?.["message"]);
  const init: RefoldErrorInit = {
    ...baseInit(ctx, res, str(body?.["request_id"])),
    serverCode,
    httpErrorType: str(body?.["http_error_type"]),
  };
  const status = res.status;
  const detail =
    body !== undefined
      ? `${serverCode ?? "error"}: ${serverMessage ?? bodySnippet(res.body)}`
      : `${res.contentType ?? "no content type"} body ${bodySnippet(res.body)}`;
  const prefix = `Refold answered HTTP ${status} for ${where(ctx)}`;
  let error: RefoldError;
  if (body !== undefined && looksLikeExpiredConnection(body) && status !== 404) {
    error = new RefoldConnectionExpiredError(
      `${prefix}: the connection has expired or is not connected; the customer must reconnect (${detail})`,
      init,
    );
  } else if (status === 401 || status === 403) {
    error = new RefoldAuthenticationError(
      `${prefix}: the API key or session token was rejected (${detail})`,
      init,
    );
  } else if (status === 404) {
    const resource = notFoundResource(`${serverCode ?? ""} ${serverMessage ?? ""}`);
    const what = resource === "linked_account" ? "linked account" : resource;
    error = new RefoldNotFoundError(`${prefix}: ${what} not found (${detail})`, {
      ...init,
      resource,
    });
  } else if (status === 400 || status === 422) {
    error = new RefoldValidationError(`${prefix}: ${serverMessage ?? detail}`, init);
  } else if (status === 429) {
    const wait = retryAfterMs === undefined ? "" : `; retry after ${retryAfterMs} ms`;
    error = new RefoldRateLimitError(`${prefix}: rate limited (${detail})${wait}`, {
      ...init,
      retryAfterMs,
    });
  } else if (status >= 500) {
    error = new RefoldServerError(`${prefix} (${detail})`, { ...init, mayHaveSucceeded: true });
  } else {
    error = new RefoldApiError(`${prefix} (${detail})`, {
      ...init,
      mayHaveSucceeded: status >= 300,
    });
  }
  return { ok: false, error, retryAfterMs };
}

/** Interprets a complete response for an execute call. */
export function interpretResponse(
  ctx: CallContext,
  res: RawResponse,
  envelope: boolean,
  retryAfterMs: number | undefined,
): ResponseOutcome {
  if (res.status >= 200 && res.status < 300) return success(ctx, res, envelope);
  return failure(ctx, res, retryAfterMs);
}
