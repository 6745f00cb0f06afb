/**
 * Reading a buffered response body defensively, for success and error interpretation alike:
 * JSON parsing that never throws, envelope field access, secret-safe snippets for messages.
 */
import type { NotFoundResource, RefoldErrorInit } from "./errors.js";
import { scrubText } from "./redact.js";
import type { RawResponse } from "./transport.js";

/** Who the call was for; stamped on every error. */
export interface CallContext {
  slug: string;
  actionId: string;
  linkedAccountId: string | undefined;
  secrets: readonly string[];
  /** How the request authenticated, so a 401 can say which credential was refused. */
  authMode?: "apiKey" | "sessionToken" | "mintedTokens" | undefined;
}

const SNIPPET_CHARS = 200;
const WHITESPACE = /\s+/g;
const EXPIRED =
  /reauth|re-auth|not[ _-]?connected|reconnect|(connection|credential)s?[ _-]?(is[ _-]?|has[ _-]?)?(expired|revoked)/i;
const LINKED_ACCOUNT = /linked[ _-]?account|account[ _-]?not[ _-]?found|customer/i;
const ACTION = /action/i;
const APP = /slug|app_type|application|integration|app\b/i;

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/**
 * The start of a body for messages: secrets scrubbed from the whole text first, then whitespace
 * collapsed and cut (so a secret straddling the cut can never leak a fragment).
 */
export function bodySnippet(body: Buffer, secrets: readonly string[]): string {
  if (body.length === 0) return "(empty body)";
  const text = scrubText(body.toString("utf8"), secrets).replace(WHITESPACE, " ").trim();
  return JSON.stringify(text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text);
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch {
    return { ok: false };
  }
}

export function where(ctx: CallContext): string {
  const account =
    ctx.linkedAccountId === undefined ? "" : ` (linked account ${ctx.linkedAccountId})`;
  return `${ctx.slug}/${ctx.actionId}${account}`;
}

export function baseInit(
  ctx: CallContext,
  res: RawResponse,
  requestId?: string | undefined,
): RefoldErrorInit {
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
