/**
 * An interrupted fetch resumes: the apps it completed are recorded (fetch/journal.ts) and the next
 * fetch asks the server only for the rest; a completed fetch leaves nothing to resume.
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import { journalDir } from "../../generator/source/fetch/journal.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { serializeAppSnapshot } from "../../generator/core/snapshot.js";
import { failure, liveOptions, recordingReporter, tempDir, useLiveEmulator } from "./helpers.js";

let emulator: Emulator;
useLiveEmulator((started) => (emulator = started), { rateLimit: false });

describe("resuming an interrupted fetch", () => {
  it("fetches only the apps the interrupted run did not finish, and gives the same catalog", async () => {
    const out = path.join(await tempDir(), "out");
    const options = liveOptions(emulator.url, out, {
      defaultApp: "acme_backend",
      rateLimit: false,
      attempts: 1,
      requestTimeoutMs: 1_500,
    });
    const env = { REFOLD_API_KEY: emulator.apiKey };
    const journal = journalDir([out, emulator.url, "api-key", "acme", "acme_backend"]);
    try {
      // one of zendesk's schemas hangs: every other app completes before that request times out.
      emulator.fault({
        match: { endpoint: "get-action", slug: "zendesk", actionId: "update_ticket" },
        kind: "hang",
      });
      const error = await failure(liveSource(options, env, recordingReporter())());
      expect(error.code).toBe("SOURCE_TIMEOUT");
      expect(existsSync(journal)).toBe(true);
      emulator.clearFaults();
      emulator.clearRequests();

      const files = await liveSource(options, env, recordingReporter())();
      const asked = new Set(emulator.requests.map((r) => r.slug).filter(Boolean));
      expect([...asked]).toEqual(["zendesk"]);
      expect(emulator.requests.filter((r) => r.endpoint === "list-apps")).toHaveLength(1);
      expect(existsSync(journal)).toBe(false);

      // The same catalog as a fetch from scratch.
      emulator.clearRequests();
      const fresh = await liveSource(options, env, recordingReporter())();
      expect(emulator.requests.filter((r) => r.endpoint === "get-action")).toHaveLength(76);
      const text = (f: typeof files) => f.map((x) => serializeAppSnapshot(x.snapshot));
      expect(text(files)).toEqual(text(fresh));
    } finally {
      await rm(journal, { recursive: true, force: true });
    }
  }, 60_000);
});
