/**
 * Webhook verification and event types. Refold signs the raw body with HMAC-SHA256 keyed by the
 * API key and sends the hex digest in `x-cobalt-signature`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** Header carrying the signature. */
export const REFOLD_SIGNATURE_HEADER = "x-cobalt-signature";

/** Connection lifecycle events. */
export type RefoldConnectionEventName =
  "Connection Created" | "Connection Deleted" | "Connection Expired";

/** Workflow events. */
export type RefoldWorkflowEventName = "Workflow Completed" | "Workflow Errored";

export type RefoldWebhookEventName = RefoldConnectionEventName | RefoldWorkflowEventName;

/** Payload of a connection event (`Connection Expired`: the customer must reconnect `slug`). */
export interface RefoldConnectionEvent {
  event: RefoldConnectionEventName;
  linked_account_id: string;
  org_id: string;
  environment: string;
  type: string;
  slug: string;
  createdAt: string;
  [key: string]: unknown;
}

/** Payload of a workflow event (fields beyond `event` are not documented). */
export interface RefoldWorkflowEvent {
  event: RefoldWorkflowEventName;
  linked_account_id?: string;
  [key: string]: unknown;
}

export type RefoldWebhookEvent = RefoldConnectionEvent | RefoldWorkflowEvent;

const HEX = /^[0-9a-f]+$/i;

/**
 * True when `signatureHeader` is the HMAC-SHA256 (hex) of `rawBody` keyed with `apiKey`.
 * Pass the body exactly as received (before any JSON parsing). Constant-time; never throws:
 * malformed, missing or repeated headers and bad inputs return `false`. A `sha256=` prefix is accepted.
 */
export function verifyRefoldWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | readonly string[] | null | undefined,
  apiKey: string,
): boolean {
  try {
    if (typeof apiKey !== "string" || apiKey === "") return false;
    if (typeof rawBody !== "string" && !(rawBody instanceof Uint8Array)) return false;
    const header = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
    if (typeof header !== "string") return false;
    let given = header.trim();
    if (given.toLowerCase().startsWith("sha256=")) given = given.slice(7);
    if (given.length !== 64 || !HEX.test(given)) return false;
    const expected = createHmac("sha256", apiKey).update(rawBody).digest();
    return timingSafeEqual(expected, Buffer.from(given, "hex"));
  } catch {
    return false;
  }
}

/**
 * Verifies and parses a webhook. Returns the typed event, or `undefined` when the signature does
 * not match or the body is not a JSON object with an `event` name.
 */
export function parseRefoldWebhook(
  rawBody: string | Uint8Array,
  signatureHeader: string | readonly string[] | null | undefined,
  apiKey: string,
): RefoldWebhookEvent | undefined {
  if (!verifyRefoldWebhook(rawBody, signatureHeader, apiKey)) return undefined;
  try {
    const text = typeof rawBody === "string" ? rawBody : Buffer.from(rawBody).toString("utf8");
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (typeof (value as { event?: unknown }).event !== "string") return undefined;
    return value as RefoldWebhookEvent;
  } catch {
    return undefined;
  }
}
