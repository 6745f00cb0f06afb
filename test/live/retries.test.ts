/**
 * Transient failures of the live source: 5xx, 429 with Retry-After, hangs, slow bodies, resets,
 * the deadline. Waits are injected (nothing sleeps for real) and attempts are bounded.
 */
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import type { GenerateOptions } from "../../generator/core/options.js";
import { actionHits, failure, fetchLive, instantDeps, useLiveEmulator } from "./helpers.js";

let emulator: Emulator;
useLiveEmulator((started) => (emulator = started));

const ACTION = { endpoint: "get-action", slug: "hubspot", actionId: "create_contact" } as const;

function fetchWith(
  overrides: Partial<GenerateOptions> = {},
  env: NodeJS.ProcessEnv = { REFOLD_API_KEY: emulator.apiKey },
  deps = instantDeps(),
  url = emulator.url,
) {
  // Unpaced, so `deps.sleeps` holds only the retry waits (pacing: pacing.test.ts).
  return fetchLive(url, { rateLimit: false, ...overrides }, env, deps);
}

const hits = (actionId?: string) => actionHits(emulator, actionId);

describe("transient failures", () => {
  it("500 then success: retried after a jittered backoff", async () => {
    emulator.fault({ match: { ...ACTION, times: 1 }, kind: "status", status: 500 });
    const deps = instantDeps(0.5);
    const files = await fetchWith({}, undefined, deps);
    expect(files).toHaveLength(8);
    expect(hits()).toBe(2);
    expect(deps.sleeps).toEqual([150]); // random 0.5 × 300 ms (the runtime's backoff)
  });

  it("backoff is exponential with full jitter, and attempts are bounded", async () => {
    emulator.fault({ match: ACTION, kind: "status", status: 503, message: "upstream busy" });
    const deps = instantDeps(0.5);
    const error = await failure(fetchWith({ attempts: 4 }, undefined, deps));
    expect(deps.sleeps).toEqual([150, 300, 600]);
    expect(hits()).toBe(4);
    expect(error.message).toMatch(
      /^Fetching the catalog failed after 4 attempts: HTTP 503 from GET .*create_contact: "upstream busy"/,
    );
  });

  it("honours Retry-After on 429", async () => {
    emulator.fault({
      match: { ...ACTION, times: 2 },
      kind: "status",
      status: 429,
      retryAfter: "7",
    });
    const deps = instantDeps();
    expect(await fetchWith({}, undefined, deps)).toHaveLength(8);
    expect(deps.sleeps).toEqual([7000, 7000]);
    expect(hits()).toBe(3);
  });

  it("Retry-After is capped, and a persistent 429 gives up after the attempts", async () => {
    emulator.fault({ match: ACTION, kind: "status", status: 429, retryAfter: "86400" });
    const deps = instantDeps();
    const error = await failure(fetchWith({ attempts: 3, deadlineMs: 3_600_000 }, undefined, deps));
    expect(deps.sleeps).toEqual([30_000, 30_000]);
    expect(hits()).toBe(3);
    expect(error.message).toMatch(/HTTP 429 .*although it was paced; lower rateLimit/);
  });

  it("a Retry-After past the deadline fails at once with a deadline message", async () => {
    emulator.fault({ match: ACTION, kind: "status", status: 503, retryAfter: "20" });
    const deps = instantDeps();
    const error = await failure(fetchWith({ deadlineMs: 10_000 }, undefined, deps));
    expect(error.code).toBe("SOURCE_DEADLINE");
    expect(error.message).toMatch(
      /^The live fetch did not finish within its deadline of 10 s \(last request: GET .*create_contact, HTTP 503\)/,
    );
    expect(deps.sleeps).toEqual([]);
  });

  it("a server that hangs: each attempt times out, then one message", async () => {
    emulator.fault({ match: ACTION, kind: "hang" });
    const started = Date.now();
    const error = await failure(fetchWith({ requestTimeoutMs: 150, attempts: 2 }));
    expect(error.code).toBe("SOURCE_TIMEOUT");
    expect(error.message).toMatch(
      /^GET .*create_contact did not answer within 150 ms \(2 attempts\); the server may be hanging/,
    );
    expect(hits()).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a slow body past the timeout counts as a timeout too", async () => {
    emulator.fault({ match: ACTION, kind: "delay", stage: "body", ms: 2_000 });
    const error = await failure(fetchWith({ requestTimeoutMs: 150, attempts: 1 }));
    expect(error.code).toBe("SOURCE_TIMEOUT");
  });

  it("connection resets are retried; persistent ones reported", async () => {
    emulator.fault({ match: { ...ACTION, times: 1 }, kind: "reset" });
    expect(await fetchWith()).toHaveLength(8);
    emulator.reset();
    emulator.fault({ match: ACTION, kind: "reset", stage: "mid" });
    const error = await failure(fetchWith({ attempts: 2 }));
    expect(error.code).toBe("SOURCE_NETWORK");
    expect(error.message).toMatch(
      /^GET .*create_contact failed after 2 attempts: the (connection was reset|server closed the connection)/,
    );
  });
});
