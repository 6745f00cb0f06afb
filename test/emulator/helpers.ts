/** Shared helpers for the emulator tests: a fixture-backed emulator and a small undici client. */
import { request } from "undici";
import {
  DEFAULT_API_KEY,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from "../../emulator/server.js";

import { FIXTURE_CATALOG } from "./fixtures/catalog.js";

export { FIXTURE_CATALOG, writeFixtureDir } from "./fixtures/catalog.js";
export const KEY = DEFAULT_API_KEY;

export function start(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ catalog: FIXTURE_CATALOG, ...options });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Default: x-api-key KEY + linked_account_id acme; pass `auth: false` to send none. */
  account?: string;
  auth?: false | { bearer: string };
}

/** One request; `path` is appended to the emulator URL verbatim. */
export async function call(
  emulator: Emulator,
  path: string,
  options: CallOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.auth === undefined) {
    headers["x-api-key"] = KEY;
    headers["linked_account_id"] = options.account ?? "acme";
  } else if (options.auth) headers.authorization = `Bearer ${options.auth.bearer}`;
  Object.assign(headers, options.headers);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const res = await request(emulator.url + path, {
    method: (options.method ?? (body === undefined ? "GET" : "POST")) as "GET",
    headers,
    body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export const seg = encodeURIComponent;

export function executePath(slug: string, actionId: string): string {
  return `/api/v2/integration-schema/${seg(slug)}/actions/${seg(actionId)}/execute`;
}

export function execute(
  emulator: Emulator,
  slug: string,
  actionId: string,
  params: unknown,
  options: CallOptions = {},
) {
  return call(emulator, executePath(slug, actionId), {
    method: "POST",
    body: params ?? {},
    ...options,
  });
}

/** `http_error_type` as documented, for the statuses the docs name. */
const DOCUMENTED_TYPES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "UNAUTHORIZED",
  404: "NOT_FOUND",
};

/** Asserts the documented error envelope and returns it. */
export function envelope(answer: Answer, status: number): Record<string, unknown> {
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
  const body = answer.json as Record<string, unknown>;
  if (
    body?.status_code !== status ||
    typeof body.http_error_type !== "string" ||
    typeof body.message !== "string"
  ) {
    throw new Error(`not an error envelope: ${answer.text}`);
  }
  if (
    typeof body.request_id !== "string" ||
    !(typeof body.error === "string" || typeof body.error_code === "string")
  ) {
    throw new Error(`envelope without request_id / error: ${answer.text}`);
  }
  if (DOCUMENTED_TYPES[status] && body.http_error_type !== DOCUMENTED_TYPES[status])
    throw new Error(`http_error_type is not ${DOCUMENTED_TYPES[status]}: ${answer.text}`);
  return body;
}
