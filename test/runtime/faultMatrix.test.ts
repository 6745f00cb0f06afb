// The fault matrix, table-driven: fault × {read, write} → error class, code, mayHaveSucceeded,
// execute requests the server saw, and a time bound.
import { describe, expect, test } from "vitest";
import { RefoldError, createExecutor } from "../../templates/runtime/index.js";
import { FAULTS, KEY, serveFault, type Expectation, type Fault } from "./helpers/faults.js";

const DEADLINE_MS = 1_500;
const ATTEMPT_MS = 250;
const MARGIN_MS = 250;

type Want = Expectation & { withinMs: number };
type Row = [fault: string, read: Want, write: Want];
const e = (
  cls: string,
  code: string,
  mayHaveSucceeded: boolean,
  requests: number,
  withinMs: number,
): Want => ({ cls: `Refold${cls}Error`, code, mayHaveSucceeded, requests, withinMs });

// Time bounds: quick faults end at once (retries back off 1-5 ms); a hung read makes 3 attempts of
// ATTEMPT_MS; a hung write holds its one attempt to the deadline.
const QUICK = 1_000;
const HUNG_READ = 3 * ATTEMPT_MS + 300;
const HUNG_WRITE = DEADLINE_MS + MARGIN_MS;

// given a fault, want for a read / for a write (retries: 2, so a repeated read makes 3 requests)
// prettier-ignore
const MATRIX: Row[] = [
  ["connection refused",             e("Network", "network_error", false, 0, QUICK),               e("Network", "network_error", false, 0, QUICK)],
  ["reset before response",          e("Network", "network_error", true, 3, QUICK),                e("Network", "network_error", true, 1, QUICK)],
  ["reset mid-response",             e("Network", "network_error", true, 3, QUICK),                e("Network", "network_error", true, 1, QUICK)],
  ["no response (hang)",             e("Timeout", "timeout", true, 3, HUNG_READ),                  e("Timeout", "timeout", true, 1, HUNG_WRITE)],
  ["accepted, never answered (net)", e("Timeout", "timeout", true, 3, HUNG_READ),                  e("Timeout", "timeout", true, 1, HUNG_WRITE)],
  ["garbage instead of HTTP (net)",  e("Network", "network_error", true, 3, QUICK),                e("Network", "network_error", true, 1, QUICK)],
  ["500",                            e("Server", "server_error", true, 3, QUICK),                  e("Server", "server_error", true, 1, QUICK)],
  ["502 HTML page",                  e("Server", "server_error", true, 3, QUICK),                  e("Server", "server_error", true, 1, QUICK)],
  ["503 Retry-After 0",              e("Server", "server_error", true, 3, QUICK),                  e("Server", "server_error", true, 1, QUICK)],
  ["429 Retry-After 0",              e("RateLimit", "rate_limited", false, 3, QUICK),              e("RateLimit", "rate_limited", false, 3, QUICK)],
  ["400 validation",                 e("Validation", "validation_error", false, 1, QUICK),         e("Validation", "validation_error", false, 1, QUICK)],
  ["400 INVALID_LINKED_ACCOUNT_ID",  e("NotFound", "not_found", false, 1, QUICK),                  e("NotFound", "not_found", false, 1, QUICK)],
  ["500 No linked account found",    e("NotFound", "not_found", false, 1, QUICK),                  e("NotFound", "not_found", false, 1, QUICK)],
  ["401",                            e("Authentication", "authentication_error", false, 1, QUICK), e("Authentication", "authentication_error", false, 1, QUICK)],
  ["404 unknown action",             e("NotFound", "not_found", false, 1, QUICK),                  e("NotFound", "not_found", false, 1, QUICK)],
  ["200 HTML page",                  e("InvalidResponse", "invalid_response", true, 1, QUICK),     e("InvalidResponse", "invalid_response", true, 1, QUICK)],
  ["200 node_status Failed",         e("Provider", "provider_error", false, 1, QUICK),             e("Provider", "provider_error", false, 1, QUICK)],
  ["response too large",             e("ResponseTooLarge", "response_too_large", true, 1, QUICK),  e("ResponseTooLarge", "response_too_large", true, 1, QUICK)],
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
          const { withinMs, ...rest } = want;
          expect({
            cls: got.name,
            code: got.code,
            mayHaveSucceeded: got.mayHaveSucceeded,
            requests: server.executes(),
          }).toEqual(rest);
          expect(elapsed).toBeLessThan(withinMs);
          // A hung write is never given up early: it keeps its one attempt to the deadline.
          if (withinMs === HUNG_WRITE) expect(elapsed).toBeGreaterThan(DEADLINE_MS - 50);
          if (want.requests > 0) expect(got.attempts).toBe(want.requests);
        } finally {
          await executor.close();
          await server.close();
        }
      });
    }
  }
});
