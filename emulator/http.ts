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
 * `http_error_type` by status. The docs name BAD_REQUEST, UNAUTHORIZED and NOT_FOUND; other
 * statuses are not documented, so they get the status text in the same upper snake case
 * (403 is "UNAUTHORIZED" too: the docs group 401 and 403 as "bad API key or session token").
 */
export function httpErrorType(status: number): string {
  if (status === 400) return "BAD_REQUEST";
  if (status === 401 || status === 403) return "UNAUTHORIZED";
  if (status === 404) return "NOT_FOUND";
  return (STATUS_CODES[status] ?? "ERROR").toUpperCase().replace(/[^A-Z0-9]+/g, "_");
}

/**
 * `error_code` when the caller names none. Documented codes: VALIDATION_ERROR (400), SERVER_ERROR
 * (the documented 404 example, and 5xx). For 401/403/429 no code is documented; the emulator repeats
 * `http_error_type` there.
 */
function defaultErrorCode(status: number): string {
  if (status === 400 || status === 422) return "VALIDATION_ERROR";
  if (status === 404 || status >= 500) return "SERVER_ERROR";
  return httpErrorType(status);
}

/**
 * The documented error envelope `{status_code, http_error_type, error_code, message, request_id}`.
 * `codeKey: "error"` uses the other documented spelling (`"error": "INVALID_LINKED_ACCOUNT_ID"`
 * of the session-token endpoint).
 */
export function errorReply(
  status: number,
  message: string,
  requestId: string,
  extra: {
    errorCode?: string;
    codeKey?: "error" | "error_code";
    headers?: Record<string, string>;
    fields?: Record<string, unknown>;
  } = {},
): Reply {
  const body: Record<string, unknown> = {
    status_code: status,
    http_error_type: httpErrorType(status),
    [extra.codeKey ?? "error_code"]: extra.errorCode ?? defaultErrorCode(status),
    message,
  };
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
