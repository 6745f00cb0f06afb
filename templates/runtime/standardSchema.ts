/**
 * The Standard Schema interface (https://standardschema.dev, `@standard-schema/spec` v1), written
 * out here so the runtime needs no dependency for it. Structurally the spec's `StandardSchemaV1`
 * (a type test proves the assignment), so a params validator plugs into any library that takes one.
 */

/** A validator in the Standard Schema v1 shape. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardResult<Output> | Promise<StandardResult<Output>>;
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** Standard JSON Schema v1 (`StandardJSONSchemaV1.Converter`): the JSON Schema of a validator's input and output. */
export interface StandardJSONSchemaConverter {
  readonly input: (options: StandardJSONSchemaOptions) => Record<string, unknown>;
  readonly output: (options: StandardJSONSchemaOptions) => Record<string, unknown>;
}

export interface StandardJSONSchemaOptions {
  readonly target: string;
  readonly libraryOptions?: Record<string, unknown> | undefined;
}

/** A Standard Schema validator that also converts to JSON Schema (Standard JSON Schema v1). */
export interface StandardSchemaWithJSONSchema<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaProps<Input, Output> & {
    readonly jsonSchema: StandardJSONSchemaConverter;
  };
}

/** The JSON Schema drafts the params schemas are valid in. */
const TARGETS = new Set(["draft-2020-12", "draft-07"]);

/** A converter that returns `schema` for the drafts it is written in and throws for others. */
export function jsonSchemaConverter(
  schema: () => Record<string, unknown>,
): StandardJSONSchemaConverter {
  const convert = (options: StandardJSONSchemaOptions) => {
    if (!TARGETS.has(options.target))
      throw new Error(
        `JSON Schema target ${JSON.stringify(options.target)} is not supported (draft-2020-12, draft-07)`,
      );
    return schema();
  };
  return { input: convert, output: convert };
}
