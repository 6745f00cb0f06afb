// Type-checks a consumer of the committed generated/ output with the TypeScript 5.x compiler API
// and TypeScript 7's native tsc, under strict with module NodeNext and again with Bundler.
// The consumer's @ts-expect-error lines prove that wrong calls are rejected; a second pass with the
// directives removed proves each is rejected for the intended reason.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const dir = fileURLToPath(new URL("./typecheck/", import.meta.url));
const tsc7 = fileURLToPath(new URL("../node_modules/typescript7/bin/tsc", import.meta.url));
const configs = ["tsconfig.nodenext.json", "tsconfig.bundler.json"];

function compile(configFile: string, rootOverride?: string): readonly ts.Diagnostic[] {
  const { config } = ts.readConfigFile(path.join(dir, configFile), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir);
  const rootNames = rootOverride ? [rootOverride] : parsed.fileNames;
  const program = ts.createProgram({ rootNames, options: parsed.options });
  return ts.getPreEmitDiagnostics(program);
}

const show = (diagnostics: readonly ts.Diagnostic[]) =>
  diagnostics.map(
    (d) =>
      `${d.file ? path.relative(dir, d.file.fileName) : ""}:${d.file?.getLineAndCharacterOfPosition(d.start ?? 0).line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
  );

describe("generated code type-checks", () => {
  it.each(configs)(
    `TypeScript ${ts.version} (compiler API), %s: no errors, every @ts-expect-error used`,
    (config) => {
      expect(show(compile(config))).toEqual([]);
    },
  );

  it.each(configs)("TypeScript 7 (native tsc), %s: no errors", async (config) => {
    const run = promisify(execFile)(process.execPath, [tsc7, "-p", path.join(dir, config)], {
      cwd: dir,
    });
    await expect(run).resolves.toMatchObject({ stdout: "" });
  });
});

describe("wrong calls are rejected for the intended reason", () => {
  const stripped = path.join(dir, ".tmp-consumer-without-directives.ts");
  afterAll(() => rmSync(stripped, { force: true }));

  it("each @ts-expect-error line has the expected error", () => {
    const source = readFileSync(path.join(dir, "consumer.ts"), "utf8");
    const lines = source.split("\n");
    // line index of the call → the reason the directive above it names
    const expectations = new Map<number, RegExp>();
    const reasons: [RegExp, RegExp][] = [
      [/required field \(email\) is missing/, /Property 'email' is missing/],
      [/wrong type/, /Type 'number' is not assignable to type 'string'/],
      [/select value/, /Type '"prospect"' is not assignable to type '.*"subscriber" \| "lead" \| /],
      [/non-numeric string/, /'"twelve"' is not assignable to type 'number \| `\$\{number\}`/],
      [/field the action does not have/, /'favourite_colour' does not exist/],
      [/unknown action/, /Property 'createBanana' does not exist/],
      [/unknown app/, /Property 'myspace' does not exist/],
      [
        /cannot be omitted/,
        /Expected 1-2 arguments, but got 0|No overload expects 0 arguments|No overload matches this call/,
      ],
      [/takes an array/, /'string' is not assignable to type 'string\[\]'/],
      [/unknown call option/, /'retry' does not exist/],
      [/app that was not picked/, /Property 'slack' does not exist/],
      [/stub for a method the app does not have/, /"createBanana"/],
    ];
    lines.forEach((line, i) => {
      if (!line.trim().startsWith("// @ts-expect-error")) return;
      const reason = reasons.find(([comment]) => comment.test(line));
      expect(reason, `no expectation for: ${line.trim()}`).toBeDefined();
      expectations.set(i + 1, reason![1]);
    });
    expect(expectations.size).toBe(reasons.length);

    writeFileSync(
      stripped,
      lines.map((l) => (l.trim().startsWith("// @ts-expect-error") ? "" : l)).join("\n"),
    );
    const diagnostics = compile("tsconfig.nodenext.json", stripped).filter(
      (d) => d.file?.fileName === stripped,
    );
    for (const [line, pattern] of expectations) {
      const messages = diagnostics
        .filter((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line === line)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(
        messages.join("\n"),
        `line ${line + 1}: ${lines[line]!.trim()}: ${messages.join(" / ")}`,
      ).toMatch(pattern);
    }
    // Nothing else in the file is an error.
    const unexpected = diagnostics.filter(
      (d) => !expectations.has(d.file!.getLineAndCharacterOfPosition(d.start!).line),
    );
    expect(show(unexpected)).toEqual([]);
  });
});
