import { afterEach, describe, expect, it } from "vitest";
import { createManualClock, type Emulator } from "../../emulator/server.js";
import { RateLimiter } from "../../emulator/rateLimit.js";
import { call, envelope, execute, start } from "./helpers.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("rate limit (20 req/s, burst 5, per linked account)", () => {
  it("answers 429 with Retry-After after the burst, and refills on the clock", async () => {
    const clock = createManualClock();
    emulator = await start({ now: clock.now });
    for (let i = 0; i < 5; i++) {
      expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(200);
    }
    const limited = await execute(emulator, "slack", "list_channels", {});
    expect(envelope(limited, 429).message).toContain("'acme'");
    expect(limited.headers["retry-after"]).toBe("1");
    // Another account has its own bucket.
    expect(
      (await execute(emulator, "slack", "list_channels", {}, { account: "globex" })).status,
    ).toBe(200);
    clock.advance(50); // one token at 20/s
    expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(200);
    expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(429);
    clock.advance(10_000);
    for (let i = 0; i < 5; i++) {
      expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(200);
    }
  });

  it("sustains 20 requests per simulated second", async () => {
    const clock = createManualClock();
    emulator = await start({ now: clock.now });
    let ok = 0;
    for (let i = 0; i < 40; i++) {
      clock.advance(25); // 40 requests/s offered for one second
      if ((await execute(emulator, "slack", "list_channels", {})).status === 200) ok++;
    }
    expect(ok).toBeGreaterThanOrEqual(24); // 20 refilled + the burst of 5, minus rounding
    expect(ok).toBeLessThanOrEqual(25);
  });

  it("limits only execute by default; scope 'all' covers discovery; false disables it", async () => {
    const clock = createManualClock();
    emulator = await start({ now: clock.now });
    for (let i = 0; i < 20; i++)
      expect((await call(emulator, "/api/v2/public/application")).status).toBe(200);
    await emulator.close();
    emulator = await start({
      now: clock.now,
      rateLimit: { scope: "all", burst: 2, ratePerSecond: 1 },
    });
    expect((await call(emulator, "/api/v2/public/application")).status).toBe(200);
    expect((await call(emulator, "/api/v2/public/application")).status).toBe(200);
    const limited = await call(emulator, "/api/v2/public/application");
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("1");
    await emulator.close();
    emulator = await start({ rateLimit: false });
    for (let i = 0; i < 30; i++)
      expect((await execute(emulator, "slack", "list_channels", {})).status).toBe(200);
  });

  it("the bucket computes the wait until the next token", () => {
    let t = 0;
    const limiter = new RateLimiter(() => t, { ratePerSecond: 4, burst: 1 });
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBe(250);
    t = 100;
    expect(limiter.take("a")).toBe(150);
    t = 250;
    expect(limiter.take("a")).toBe(0);
  });
});
