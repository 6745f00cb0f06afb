// watchGenerate without a child process: an edit that lands while a run is in progress (before
// the watchers are re-armed) still starts the next run, and "watching" is said only once armed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { watchGenerate } from "../../generator/cli/watch.js";
import { until } from "../helpers/until.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "refold-watch-unit-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("an edit made during a run is not lost", async () => {
  const config = path.join(tmp, "refold.config.mjs");
  writeFileSync(config, "export default {};\n");
  const lines: string[] = [];
  let runs = 0;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const finished = watchGenerate({
    targets: async () => ({ files: [config], dirs: [] }),
    run: async () => {
      runs++;
      // The first run sees an edit arrive before it ends (no watcher is armed yet).
      if (runs === 1) writeFileSync(config, "export default { apps: ['hubspot'] };\n");
      return 0;
    },
    report: (line) => lines.push(line),
    fail: () => 1,
    debounceMs: 10,
    stop: stopped,
  });
  try {
    await until(() => runs >= 2 && lines.length >= 2, "the run for the edit");
    expect(lines.every((l) => l.startsWith("watching "))).toBe(true);
  } finally {
    stop();
  }
  expect(await finished).toBe(0);
  expect(runs).toBe(2);
});
