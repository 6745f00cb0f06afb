/**
 * The mock's server side: the `MockAgent` interceptor answers Refold's execute route from the
 * stubs, in Refold's envelope, and records each call.
 */
import { redactHeaders } from "./redact.js";
import type { MockCall, StubSpec } from "./mockTypes.js";
import { findStub, type Stub } from "./mockStubs.js";
import { wireKey, type WireNames } from "./mockWire.js";

export const NOT_STUBBED = "MOCK_NOT_STUBBED";
export const EXECUTE_PATH: RegExp =
  /\/api\/v2\/integration-schema\/([^/]+)\/actions\/([^/]+)\/execute$/;
const JSON_HEADERS = { "content-type": "application/json" };

export function notStubbedMessage(
  named: { app: string; method: string } | undefined,
  slug: string,
  actionId: string,
  params: unknown,
): string {
  const name = named === undefined ? `${slug}/${actionId}` : `${named.app}.${named.method}`;
  return `createMock: no stub matches ${name} (${slug}/${actionId}) with params ${JSON.stringify(params)}`;
}

/** What the interceptor answers: a status, a JSON body and its headers. */
export interface MockReply {
  statusCode: number;
  data: string;
  responseOptions: { headers: Record<string, string> };
}

/** The interceptor's reply function over the mock's stubs and call log. */
export function replyFromStubs(
  stubs: Stub[],
  log: MockCall[],
  names: WireNames,
): (opts: { path: string; body?: unknown; headers?: unknown }) => MockReply {
  return (opts) => {
    const match = EXECUTE_PATH.exec(opts.path.split("?")[0] ?? "");
    const slug = decodeURIComponent(match?.[1] ?? "");
    const actionId = decodeURIComponent(match?.[2] ?? "");
    const key = wireKey(slug, actionId);
    const named = names.methodOf(key);
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(typeof opts.body === "string" ? opts.body : "{}") as Record<
        string,
        unknown
      >;
    } catch {
      // Recorded as empty params.
    }
    const headers = headerMap(opts.headers);
    const call: MockCall = {
      app: named?.app,
      method: named?.method,
      slug,
      actionId,
      params,
      linkedAccountId: headers["linked_account_id"],
      headers: redactHeaders(headers),
    };
    log.push(call);
    const stub = findStub(stubs, key, params);
    if (stub !== undefined) {
      stub.used++;
      return answer(stub.spec, params, call);
    }
    // Only reached when a stub was used up between the pre-check and the request (concurrency).
    return envelopeReply(501, {
      status_code: 501,
      error: NOT_STUBBED,
      message: notStubbedMessage(named, slug, actionId, params),
    });
  };
}

function headerMap(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (typeof headers === "object" && headers !== null) {
    for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

function envelopeReply(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
): MockReply {
  return { statusCode, data: JSON.stringify(body), responseOptions: { headers } };
}

function answer(spec: StubSpec<unknown>, params: unknown, call: MockCall): MockReply {
  if (spec.error !== undefined) {
    const e = spec.error;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (e.retryAfterSeconds !== undefined) headers["retry-after"] = String(e.retryAfterSeconds);
    return envelopeReply(
      e.status,
      {
        status_code: e.status,
        http_error_type: e.http_error_type,
        error: e.error,
        message: e.message,
      },
      headers,
    );
  }
  if (spec.providerFailure !== undefined) {
    const { httpStatus, data } = spec.providerFailure;
    return envelopeReply(200, {
      node_status: "Failed",
      http_status: httpStatus,
      data: data ?? null,
    });
  }
  let data: unknown;
  try {
    data = spec.respond !== undefined ? spec.respond(params, call) : spec.data;
  } catch (error) {
    return envelopeReply(500, {
      status_code: 500,
      error: "MOCK_RESPONDER_THREW",
      message: `createMock: the stub's respond() threw: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return envelopeReply(200, { node_status: "Success", http_status: 200, data: data ?? null });
}
