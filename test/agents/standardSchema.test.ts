// The params validator is a Standard Schema v1 and a Standard JSON Schema v1, proved against the
// spec's own types (`@standard-schema/spec`, checked by tsc over this file) and at run time.
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, it } from "vitest";
import {
  paramsValidator,
  type ActionMetadata,
  type StandardSchemaV1 as RuntimeStandardSchema,
} from "../../templates/runtime/index.js";

const action: ActionMetadata = {
  id: "create_contact",
  method: "createContact",
  name: "Create Contact",
  kind: "write",
  fields: [{ name: "email", type: "text", kind: "string", required: true }],
};

describe("Standard Schema", () => {
  it("is assignable to the spec's StandardSchemaV1 and StandardJSONSchemaV1", async () => {
    const validator = paramsValidator<{ email: string }>(action);
    const standard: StandardSchemaV1<{ email: string }> = validator;
    const json: StandardJSONSchemaV1<{ email: string }> = validator;
    // The runtime's inline interface and the spec's accept each other.
    const fromSpec: RuntimeStandardSchema = {} as StandardSchemaV1;
    const toSpec: StandardSchemaV1 = {} as RuntimeStandardSchema;
    const version2 = {
      "~standard": { version: 2 as const, vendor: "x", validate: () => ({ value: 1 }) },
    };
    // @ts-expect-error a version other than 1 is not a Standard Schema
    const wrong: StandardSchemaV1 = version2;
    expect([fromSpec, toSpec, wrong]).toHaveLength(3);
    expect(await standard["~standard"].validate({ email: "a@b.co" })).toEqual({
      value: { email: "a@b.co" },
    });
    const failed = await standard["~standard"].validate({ email: 1 });
    expect(failed.issues).toEqual([
      { path: ["email"], message: "expected a string, got a number" },
    ]);
    expect(json["~standard"].jsonSchema.input({ target: "draft-2020-12" })).toEqual({
      type: "object",
      properties: { email: { type: "string" } },
      required: ["email"],
      additionalProperties: false,
    });
    expect(json["~standard"].jsonSchema.output({ target: "draft-07" })).toMatchObject({
      type: "object",
    });
    expect(() => json["~standard"].jsonSchema.input({ target: "openapi-3.0" })).toThrow(
      /not supported/,
    );
  });
});
