/**
 * Every user error of the command line: exit 2, a message in our words that names what was wrong
 * (with a "did you mean" where a typo is likely), no stack trace, nothing written, and no hang.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../bin/refold-gen.js", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "refold-cli-errors-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(cwd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd,
        timeout: 30_000,
        env: {
          ...process.env,
          NO_COLOR: "1",
          CI: "1",
          REFOLD_API_KEY: "",
          REFOLD_SESSION_TOKEN: "",
        },
      },
      (error, _stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        // A timeout (a hang) has no numeric code and fails every row.
        resolve({ code: typeof code === "number" ? code : -1, stderr });
      },
    );
  });
}

/** A fresh working directory holding `files`. */
function workdir(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const cases: [name: string, args: string[], files: Record<string, string>, message: RegExp][] = [
  ["an unknown command", ["gen"], {}, /Unknown command "gen"\. Did you mean generate\?/],
  [
    "an unknown option",
    ["generate", "--outt", "x"],
    {},
    /`generate` has no option --outt\. Did you mean --out\?/,
  ],
  ["an option without its value", ["generate", "--out"], {}, /--out needs a value: --out DIR/],
  ["a value on a switch", ["generate", "--check=yes"], {}, /--check takes no value/],
  [
    "a stray argument",
    ["generate", "hubspot"],
    {},
    /`generate` takes no arguments \(got "hubspot"\)/,
  ],
  [
    "--check with --dry-run",
    ["generate", "--check", "--dry-run"],
    {},
    /--check and --dry-run cannot be combined/,
  ],
  [
    "--watch with --check",
    ["generate", "--watch", "--check"],
    {},
    /--watch writes the output; it cannot be combined with --check/,
  ],
  [
    "a bad --concurrency",
    ["generate", "--concurrency", "0"],
    {},
    /--concurrency must be a positive integer, got "0"/,
  ],
  [
    "--out naming a file",
    ["generate", "--out", "README.md"],
    { "README.md": "# app\n" },
    /The output directory README\.md is a file, not a directory/,
  ],
  [
    "--out where no directory can be made",
    ["generate", "--out", "/proc/nope"],
    {},
    /Cannot write \/proc\/nope: directories cannot be created in \/proc/,
  ],
  [
    ".prettierrc naming a missing plugin",
    ["generate", "--out", "gen"],
    { ".prettierrc": '{ "plugins": ["prettier-plugin-nope"] }' },
    /prettier config .*\.prettierrc does not work: .*prettier-plugin-nope/,
  ],
  [
    "a malformed .prettierrc",
    ["generate", "--out", "gen"],
    { ".prettierrc": "{ bad" },
    /prettier config .*\.prettierrc cannot be read/,
  ],
  [
    "an unknown config option",
    ["generate"],
    { "refold.config.mjs": "export default { outt: 'x' };\n" },
    /refold\.config\.mjs: unknown option "outt"\. Did you mean out\?/,
  ],
  [
    "a secret in the config",
    ["generate"],
    { "refold.config.mjs": "export default { apiKey: 'tk_x' };\n" },
    /"apiKey" is not allowed: secrets come only from the environment/,
  ],
  [
    "a config file that does not load",
    ["generate"],
    { "refold.config.mjs": "export default {;\n" },
    /Could not load refold\.config\.mjs/,
  ],
  [
    "a missing --config file",
    ["generate", "--config", "nope.ts"],
    {},
    /Config file not found: .*nope\.ts/,
  ],
  [
    "an unknown slug in --apps",
    ["generate", "--apps", "hubspt", "--out", "gen"],
    {},
    /Unknown app slug in --apps: hubspt\. Did you mean hubspot\?/,
  ],
  [
    "--apps outside the config's apps",
    ["generate", "--apps", "jira"],
    { "refold.config.mjs": "export default { apps: ['hubspot'] };\n" },
    /--apps jira: not in the config's apps \(hubspot\)/,
  ],
  [
    "help for an unknown command",
    ["help", "generat"],
    {},
    /No help for "generat": it is not a command\. Did you mean generate\?/,
  ],
  ["init with arguments", ["init", "--force"], {}, /`init` takes no arguments/],
  [
    "a bad emulator port",
    ["emulator", "--port", "x"],
    {},
    /--port must be an integer between 0 and 65535, got "x"/,
  ],
  [
    "an unknown emulator option",
    ["emulator", "--prot", "1"],
    {},
    /refold-gen emulator: Unknown option '--prot'/,
  ],
];

describe("user errors exit 2 with a message of ours", () => {
  it.each(cases)("%s", async (name, args, files, message) => {
    const dir = workdir(name.replace(/\W+/g, "-"), files);
    const before = readdirSync(dir).sort();
    const { code, stderr } = await cli(dir, args);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(path.join(dir, "generated"))).toBe(false);
  });
});
