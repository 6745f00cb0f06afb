/** Progress through the emit phase: shown on a TTY, one updating line; nothing on a pipe or in CI. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { generateOnce, parseCli } from "../../generator/cli/generateCommand.js";
import { createReporter } from "../../generator/cli/reporter.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "refold-progress-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function stderrOf(isTTY: boolean, env: NodeJS.ProcessEnv, out: string): Promise<string> {
  let text = "";
  const sink = (tty: boolean) =>
    ({
      isTTY: tty,
      write: (chunk: unknown) => ((text += String(chunk)), true),
    }) as unknown as NodeJS.WriteStream;
  const reporter = createReporter({ env, stdout: sink(false), stderr: sink(isTTY) });
  const run = await parseCli(["--out", path.join(tmp, out), "--offline", "--no-cache"], env);
  expect(await generateOnce(run, env, reporter)).toBe(0);
  return text;
}

it("counts the app modules as they are emitted, then clears the line", async () => {
  const text = await stderrOf(true, {}, "tty");
  for (let i = 1; i <= 9; i++) expect(text).toContain(`Emitting app modules: ${i}/9`);
  expect(text).toContain("\r\u001b[2K");
});

it("prints no progress on a pipe or in CI", async () => {
  expect(await stderrOf(false, {}, "pipe")).not.toContain("Emitting");
  expect(await stderrOf(true, { CI: "1" }, "ci")).not.toContain("Emitting");
});
