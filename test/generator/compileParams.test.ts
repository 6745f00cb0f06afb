// compileParams reads json-schema-to-typescript's output into interface models. What it reads is
// pinned down: a compiler change it does not know fails the run (COMPILE_FAILED) instead of
// printing something the model does not describe.
import { describe, expect, it, vi } from "vitest";
import { compileParams } from "../../generator/emit/compileParams.js";
import { GenerationError } from "../../generator/core/errors.js";
import type { NamedApp } from "../../generator/core/model.js";
import { crmApp } from "../fixtures/crmApp.js";

const rewrite = vi.hoisted(() => ({ output: (code: string) => code }));

vi.mock("../../generator/emit/jsonSchemaToTs.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../generator/emit/jsonSchemaToTs.js")>();
  return {
    ...real,
    compile: async (...args: Parameters<typeof real.compile>) =>
      rewrite.output(await real.compile(...args)),
  };
});

const app: NamedApp = crmApp([
  { wireName: "e-mail", type: "email", required: true, multiple: false, label: "Email" },
  {
    wireName: "stage",
    type: "select",
    required: false,
    multiple: true,
    options: [{ value: "a" }, { value: "b" }] as never,
  },
]);

describe("compileParams", () => {
  it("reads the compiler's interfaces into models, keys escaped from the wire names", async () => {
    rewrite.output = (code) => code;
    expect(await compileParams(app)).toEqual([
      {
        name: "CrmCreateParams",
        members: [
          { doc: ["Email"], key: '"e-mail"', optional: false, type: "string" },
          { key: "stage", optional: true, type: '("a" | "b")[]' },
        ],
      },
      { name: "CrmListParams", members: [] },
    ]);
  });

  // given: a change to the compiler's output → want: COMPILE_FAILED naming what was unexpected
  const table: [string, (code: string) => string, RegExp][] = [
    ["a type alias", (c) => c + "export type Extra = string\n", /export type Extra/],
    [
      "an unknown interface",
      (c) => c.replace("export interface CrmListParams", "export interface Other"),
      /interface Other/,
    ],
    ["a property that is not a placeholder", (c) => c.replace("__rf1__", "stage"), /stage/],
    ["a placeholder of no field", (c) => c.replace("__rf1__", "__rf9__"), /__rf9__/],
    ["an unclosed interface", (c) => c.replace(/\}\n$/, ""), /unclosed interface/],
  ];
  it.each(table)("%s", async (_, change, want) => {
    rewrite.output = change;
    const error = await compileParams(app).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationError);
    expect((error as GenerationError).code).toBe("COMPILE_FAILED");
    expect((error as Error).message).toMatch(want);
  });
});
