/** Progress of the live fetch: shown on a TTY (apps and actions with counts), never when piped, in CI or --silent. */
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/server.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { createReporter } from "../../generator/cli/reporter.js";
import { instantDeps, liveOptions } from "./helpers.js";

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

function stream(isTTY: boolean) {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk);
      done();
    },
  }) as Writable & { text: string; isTTY: boolean };
  s.text = "";
  s.isTTY = isTTY;
  return s;
}

async function fetchShowing(env: NodeJS.ProcessEnv, isTTY: boolean, silent = false) {
  const stdout = stream(isTTY);
  const stderr = stream(isTTY);
  const reporter = createReporter({ env, stdout, stderr });
  reporter.silent = silent;
  const source = liveSource(
    liveOptions(emulator.url, "unused", { apps: ["slack"] }),
    { REFOLD_API_KEY: emulator.apiKey },
    reporter,
    instantDeps(),
  );
  await source();
  return { stdout: stdout.text, stderr: stderr.text };
}

describe("fetch progress", () => {
  it("a TTY sees apps and actions with counts, then the line is cleared", async () => {
    const { stdout, stderr } = await fetchShowing({}, true);
    expect(stdout).toBe("");
    expect(stderr).toContain("\r\u001b[2KFetching apps: 0/1, actions: 0/9");
    expect(stderr).toContain("\r\u001b[2KFetching apps: 1/1, actions: 9/9");
    expect(stderr.endsWith("\r\u001b[2K")).toBe(true);
  });

  it.each([
    ["piped", {}, false, false],
    ["CI", { CI: "true" }, true, false],
    ["--silent", {}, true, true],
  ] as const)("%s: nothing", async (_name, env, isTTY, silent) => {
    const { stdout, stderr } = await fetchShowing(env, isTTY, silent);
    expect(stdout + stderr).toBe("");
  });
});
