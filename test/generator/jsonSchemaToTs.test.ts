/**
 * json-schema-to-typescript is loaded without running prettier (generator/emit/jsonSchemaToTs.ts):
 * prettier's CommonJS entry, which starts importing prettier's whole ESM build when it runs, is
 * not run; the library's `format` option still works (through the stand-in); and once the library
 * is loaded, `require("prettier")` gives prettier itself. Each load runs in a fresh process.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const MODULE = pathToFileURL(path.resolve("generator/emit/jsonSchemaToTs.ts")).href;

const script = `
  import { createRequire } from "node:module";
  const require = createRequire(${JSON.stringify(path.resolve("package.json"))});
  const prettierEntry = createRequire(require.resolve("json-schema-to-typescript")).resolve("prettier");
  const { compile } = await import(${JSON.stringify(MODULE)});
  const entryRanAtLoad = prettierEntry in require.cache;
  const schema = { title: "Thing", type: "object", properties: { name: { type: "string" } }, additionalProperties: false };
  const plain = await compile(schema, "Thing", { bannerComment: "", format: false });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const entryRanAfterCompile = prettierEntry in require.cache;
  const formatted = await compile(schema, "Thing", { bannerComment: "", format: true });
  const real = require("prettier");
  console.log(JSON.stringify({ entryRanAtLoad, entryRanAfterCompile, plain, formatted,
    realPrettier: typeof real.resolveConfig === "function" && typeof real.version === "string" }));`;

describe("json-schema-to-typescript without prettier", () => {
  it("never runs prettier's entry to load or compile, and format: true still formats", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { encoding: "utf8", env: { ...process.env, REFOLD_GEN_NO_COMPILE_CACHE: "1" } },
    );
    const got = JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
    expect(got.entryRanAtLoad).toBe(false);
    expect(got.entryRanAfterCompile).toBe(false);
    expect(got.plain).toContain("export interface Thing {");
    // Formatted by prettier through the stand-in: the same declaration, prettier's layout.
    expect(got.formatted).toContain("export interface Thing {\n  name?: string;\n}");
    expect(got.realPrettier).toBe(true);
  }, 60_000);
});
