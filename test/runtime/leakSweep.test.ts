// The leak sweep: every fault of the matrix, as a read and as a write, in every auth mode (API
// key, static session token, minted session tokens), with the server echoing whatever credential
// it received. Each error is rendered every way a user might log it (message, String,
// JSON.stringify, util.inspect with hidden fields, stack, the cause chain, hook payloads), and
// the output must contain neither the key nor any token ever issued.
import { inspect } from "node:util";
import { describe, expect, test } from "vitest";
import { RefoldError, createExecutor, type ClientOptions } from "../../templates/runtime/index.js";
import { FAULTS, KEY, serveFault } from "./helpers/faults.js";

const STATIC_TOKEN = "sess_SWEEP_static_5b7e20c1";
const MODES = {
  apiKey: { apiKey: KEY },
  sessionToken: { sessionToken: STATIC_TOKEN },
  mintedTokens: { apiKey: KEY, sessionTokens: true },
} satisfies Record<string, ClientOptions>;

/** Every way an error (and what it carries) can be turned into text. */
function renderEveryWay(value: unknown): string {
  const parts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const error = current as Error;
    parts.push(
      String(error),
      error.message,
      String(error.stack),
      JSON.stringify(error),
      inspect(error, {
        showHidden: true,
        depth: null,
        maxArrayLength: null,
        maxStringLength: null,
      }),
    );
    for (const key of Object.getOwnPropertyNames(error)) {
      const field = (error as unknown as Record<string, unknown>)[key];
      parts.push(typeof field === "string" ? field : (JSON.stringify(field) ?? ""));
    }
    current = error.cause;
  }
  return parts.join("\n");
}

function renderHookEvent(event: unknown): string {
  return [
    JSON.stringify(event),
    inspect(event, { showHidden: true, depth: null, maxStringLength: null }),
    renderEveryWay((event as { error?: unknown }).error),
  ].join("\n");
}

describe("leak sweep: no error, field, cause or hook payload ever holds the key or a token", () => {
  for (const fault of FAULTS) {
    for (const kind of ["read", "write"] as const) {
      for (const [mode, auth] of Object.entries(MODES)) {
        test(`${fault.name}, ${kind}, ${mode}`, async () => {
          const server = await serveFault(fault);
          const hookText: string[] = [];
          const hook = (event: unknown): void => void hookText.push(renderHookEvent(event));
          const executor = createExecutor({
            ...auth,
            baseUrl: server.url,
            linkedAccountId: "acme",
            rateLimit: false,
            retries: 1,
            attemptTimeoutMs: 150,
            backoff: { baseDelayMs: 1, maxDelayMs: 2 },
            hooks: { onRequest: hook, onResponse: hook, onError: hook },
            ...fault.client,
          });
          try {
            const error = await executor
              .execute("hubspot", "create_contact", { email: "a@b.c" }, { kind, timeoutMs: 600 })
              .then(
                () => undefined,
                (caught: unknown) => caught,
              );
            expect(error).toBeInstanceOf(RefoldError);
            const secrets = [KEY, STATIC_TOKEN, ...server.minted];
            if (mode === "mintedTokens" && !fault.refused) {
              expect(server.minted.length).toBeGreaterThan(0);
            }
            const text = `${renderEveryWay(error)}\n${hookText.join("\n")}`;
            for (const secret of secrets) {
              expect(text.includes(secret), `${secret} leaked`).toBe(false);
              // No fragment either (a secret cut by a snippet boundary).
              expect(text.includes(secret.slice(0, 12)), `a fragment of ${secret} leaked`).toBe(
                false,
              );
            }
          } finally {
            await executor.close();
            await server.close();
          }
        });
      }
    }
  }

  test("the sweep can fail: an unscrubbed echo of the same server does contain the key", async () => {
    const fault = FAULTS.find((f) => f.name === "500")!;
    const server = await serveFault(fault);
    try {
      const res = await fetch(`${server.url}/x`, { method: "POST", headers: { "x-api-key": KEY } });
      expect(renderEveryWay(new Error(await res.text()))).toContain(KEY);
    } finally {
      await server.close();
    }
  });
});
