/** Small HTTP helpers: JSON replies, the documented error envelope, body reading, request ids. */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import { randomBytes } from "node:crypto";
import type { Reply } from "./types.js";

export const JSON_TYPE = "application/json; charset=utf-8";

export function newRequestId(): string {
  return "req_" + randomBytes(9).toString("base64url");
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify(value),
  };
}

/**
 * The documented error envelope `{status_code, http_error_type, error | error_code, message, request_id}`.
 * Both documented spellings occur: coded errors (VALIDATION_ERROR, CONNECTION_EXPIRED) use
 * `error_code`, the others a human `error`, so clients are exercised on both forms.
 */
export function errorReply(
  status: number,
  message: string,
  requestId: string,
  extra: {
    errorCode?: string;
    headers?: Record<string, string>;
    fields?: Record<string, unknown>;
  } = {},
): Reply {
  const httpErrorType = STATUS_CODES[status] ?? "Error";
  const body: Record<string, unknown> = { status_code: status, http_error_type: httpErrorType };
  if (extra.errorCode) body.error_code = extra.errorCode;
  else body.error = httpErrorType;
  body.message = message;
  Object.assign(body, extra.fields);
  body.request_id = requestId;
  return jsonReply(status, body, extra.headers);
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole body as text; `null` when it exceeds MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString("utf8");
}

/** Parses a body for the call history: JSON when it is JSON, the raw text otherwise. */
export function parseLoose(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Splits the raw path into segments, percent-decoding each one exactly once, so `%2F` inside a
 * slug stays inside that segment. `null` when a segment is not valid percent-encoding.
 */
export function decodeSegments(path: string): string[] | null {
  const parts = path.split("/").slice(1);
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  try {
    return parts.map((part) => decodeURIComponent(part));
  } catch {
    return null;
  }
}

/** The value of a header that may have been sent more than once. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as a JSON object (empty body = `{}`); undefined when it is not one. */
export function bodyObject(text: string): Record<string, unknown> | undefined {
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
