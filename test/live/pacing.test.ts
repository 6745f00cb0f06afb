/**
 * The live fetch keeps to the documented limit (20 requests/s, burst 5) on its own: against the
 * emulator with discovery rate limited, a default-settings fetch of the committed catalog draws no
 * 429 at all, counted at the server. A 429 that arrives anyway (another client of the same key) is
 * recovered from. No abort listener piles up on a shared signal, whatever the concurrency.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server.js";
import { liveSource, type HttpStats } from "../../generator/source/fetchCatalog.js";
import type { GenerateOptions } from "../../generator/core/options.js";
import { instantDeps, liveOptions, recordingReporter } from "./helpers.js";

let limited: Emulator;
/** Without a server-side limit: for the tests that inject a clock (their waits take no real time). */
let unlimited: Emulator;
beforeAll(async () => {
  // The documented limit on every endpoint, discovery included.
  limited = await startEmulator({ rateLimit: { scope: "all" } });
  unlimited = await startEmulator({ rateLimit: false });
});
afterEach(() => {
  limited.reset();
  unlimited.reset();
});
afterAll(async () => {
  await limited.close();
  await unlimited.close();
});

async function fetchWith(emulator: Emulator, overrides: Partial<GenerateOptions>, deps = {}) {
  let stats: HttpStats | undefined;
  const files = await liveSource(
    liveOptions(emulator.url, "unused", { defaultApp: "acme_backend", ...overrides }),
    { REFOLD_API_KEY: emulator.apiKey },
    recordingReporter(),
    deps,
    (s) => (stats = s),
  )();
  return { files, stats: stats! };
}

const discovery = (emulator: Emulator) => emulator.requests.filter((r) => r.endpoint !== undefined);

describe("a paced fetch", () => {
  it("default settings: the whole committed catalog with zero 429s, at about the limit", async () => {
    const started = performance.now();
    const { files, stats } = await fetchWith(limited, {});
    const seconds = (performance.now() - started) / 1000;
    const requests = discovery(limited);
    expect(files).toHaveLength(9);
    expect(requests).toHaveLength(1 + 9 + 76);
    expect(requests.filter((r) => r.status === 429)).toEqual([]);
    expect(stats).toEqual({ sent: 86, rateLimited: 0, retried: 0 });
    // 86 requests at a steady 90% of 20/s take at least 85 / 18 s.
    expect(seconds).toBeGreaterThanOrEqual(85 / 18 - 0.1);
  }, 30_000);

  it("paces by the injected clock: one request per 1/(90% of the rate)", async () => {
    const deps = instantDeps();
    const { stats } = await fetchWith(
      unlimited,
      { rateLimit: { requestsPerSecond: 10, burst: 3 }, apps: ["slack"], concurrency: 1 },
      deps,
    );
    // slack: 1 app object + 1 action list + its actions; the first goes at once, every later one
    // 1/9 s after the previous (90% of 10/s; no burst: the server's is headroom).
    expect(stats.sent).toBe(discovery(unlimited).length);
    expect(deps.sleeps).toHaveLength(stats.sent - 1);
    // (Waits are whole milliseconds, so each is within 2 ms of 1000/9.)
    for (const ms of deps.sleeps) expect(Math.abs(ms - 1000 / 9)).toBeLessThan(2);
    expect(deps.clock.t - 1_000_000).toBeGreaterThanOrEqual(((stats.sent - 1) * 1000) / 9);
  });

  it("a 429 that arrives anyway is waited out (Retry-After) and retried", async () => {
    unlimited.fault({
      match: { endpoint: "get-action", slug: "slack", times: 2 },
      kind: "status",
      status: 429,
      retryAfter: "1",
    });
    const deps = instantDeps();
    const { stats } = await fetchWith(unlimited, { apps: ["slack"] }, deps);
    expect(stats.rateLimited).toBe(2);
    expect(stats.retried).toBe(2);
    expect(deps.sleeps.filter((ms) => ms === 1000)).toHaveLength(2);
  });

  it("adds no listener per request to a shared signal (no MaxListenersExceededWarning)", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => void warnings.push(w);
    process.on("warning", onWarning);
    try {
      unlimited.fault({
        match: { endpoint: "get-action", times: 60 },
        kind: "status",
        status: 429,
        retryAfter: "0",
      });
      const { stats } = await fetchWith(unlimited, {
        rateLimit: false,
        concurrency: 32,
        attempts: 8,
      });
      expect(stats.rateLimited).toBe(60);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });
});
