// The fault matrix, table-driven: fault × {read, write} → error class, code, mayHaveSucceeded,
// execute requests the server saw, and a time bound (the call's deadline plus a small margin).
import { describe, expect, test } from "vitest";
import { RefoldError, createExecutor } from "../../templates/runtime/index.js";
import { FAULTS, KEY, serveFault, type Expectation, type Fault } from "./helpers/faults.js";

const DEADLINE_MS = 1_500;
const ATTEMPT_MS = 250;
const MARGIN_MS = 250;

type Row = [fault: string, read: Expectation, write: Expectation];
const e = (
  cls: string,
  code: string,
  mayHaveSucceeded: boolean,
  requests: number,
): Expectation => ({
  cls,
  code,
  mayHaveSucceeded,
  requests,
});

// given a fault, want for a read / for a write (retries: 2, so a repeated read makes 3 requests)
const MATRIX: Row[] = [
  [
    "connection refused",
    e("RefoldNetworkError", "network_error", false, 0),
    e("RefoldNetworkError", "network_error", false, 0),
  ],
  [
    "reset before response",
    e("RefoldNetworkError", "network_error", true, 3),
    e("RefoldNetworkError", "network_error", true, 1),
  ],
  [
    "reset mid-response",
    e("RefoldNetworkError", "network_error", true, 3),
    e("RefoldNetworkError", "network_error", true, 1),
  ],
  [
    "no response (hang)",
    e("RefoldTimeoutError", "timeout", true, 3),
    e("RefoldTimeoutError", "timeout", true, 1),
  ],
  [
    "accepted, never answered (net)",
    e("RefoldTimeoutError", "timeout", true, 3),
    e("RefoldTimeoutError", "timeout", true, 1),
  ],
  [
    "garbage instead of HTTP (net)",
    e("RefoldNetworkError", "network_error", true, 3),
    e("RefoldNetworkError", "network_error", true, 1),
  ],
  [
    "500",
    e("RefoldServerError", "server_error", true, 3),
    e("RefoldServerError", "server_error", true, 1),
  ],
  [
    "502 HTML page",
    e("RefoldServerError", "server_error", true, 3),
    e("RefoldServerError", "server_error", true, 1),
  ],
  [
    "503 Retry-After 0",
    e("RefoldServerError", "server_error", true, 3),
    e("RefoldServerError", "server_error", true, 1),
  ],
  [
    "429 Retry-After 0",
    e("RefoldRateLimitError", "rate_limited", false, 3),
    e("RefoldRateLimitError", "rate_limited", false, 3),
  ],
  [
    "400 validation",
    e("RefoldValidationError", "validation_error", false, 1),
    e("RefoldValidationError", "validation_error", false, 1),
  ],
  [
    "400 INVALID_LINKED_ACCOUNT_ID",
    e("RefoldNotFoundError", "not_found", false, 1),
    e("RefoldNotFoundError", "not_found", false, 1),
  ],
  [
    "500 No linked account found",
    e("RefoldNotFoundError", "not_found", false, 1),
    e("RefoldNotFoundError", "not_found", false, 1),
  ],
  [
    "401",
    e("RefoldAuthenticationError", "authentication_error", false, 1),
    e("RefoldAuthenticationError", "authentication_error", false, 1),
  ],
  [
    "404 unknown action",
    e("RefoldNotFoundError", "not_found", false, 1),
    e("RefoldNotFoundError", "not_found", false, 1),
  ],
  [
    "200 HTML page",
    e("RefoldInvalidResponseError", "invalid_response", true, 1),
    e("RefoldInvalidResponseError", "invalid_response", true, 1),
  ],
  [
    "200 node_status Failed",
    e("RefoldProviderError", "provider_error", false, 1),
    e("RefoldProviderError", "provider_error", false, 1),
  ],
  [
    "response too large",
    e("RefoldResponseTooLargeError", "response_too_large", true, 1),
    e("RefoldResponseTooLargeError", "response_too_large", true, 1),
  ],
];

function faultNamed(name: string): Fault {
  const fault = FAULTS.find((f) => f.name === name);
  if (fault === undefined) throw new Error(`no fault named ${name}`);
  return fault;
}

describe("fault matrix", () => {
  test("every fault of the table has a row (and every row a fault)", () => {
    expect(MATRIX.map((r) => r[0]).sort()).toEqual(FAULTS.map((f) => f.name).sort());
  });

  for (const [name, read, write] of MATRIX) {
    for (const [kind, want] of [
      ["read", read],
      ["write", write],
    ] as const) {
      test(`${name}, ${kind} → ${want.cls} (${want.code}), mayHaveSucceeded ${want.mayHaveSucceeded}, ${want.requests} request(s)`, async () => {
        const fault = faultNamed(name);
        const server = await serveFault(fault);
        const executor = createExecutor({
          apiKey: KEY,
          baseUrl: server.url,
          linkedAccountId: "acme",
          rateLimit: false,
          retries: 2,
          attemptTimeoutMs: ATTEMPT_MS,
          backoff: { baseDelayMs: 1, maxDelayMs: 5 },
          ...fault.client,
        });
        const started = performance.now();
        try {
          const error = await executor
            .execute(
              "hubspot",
              "create_contact",
              { email: "a@b.c" },
              { kind, timeoutMs: DEADLINE_MS },
            )
            .then(
              () => undefined,
              (caught: unknown) => caught,
            );
          const elapsed = performance.now() - started;
          expect(error).toBeInstanceOf(RefoldError);
          const got = error as RefoldError;
          expect({
            cls: got.name,
            code: got.code,
            mayHaveSucceeded: got.mayHaveSucceeded,
            requests: server.executes(),
          }).toEqual(want);
          expect(elapsed).toBeLessThan(DEADLINE_MS + MARGIN_MS);
          if (want.requests > 0) expect(got.attempts).toBe(want.requests);
        } finally {
          await executor.close();
          await server.close();
        }
      });
    }
  }
});
