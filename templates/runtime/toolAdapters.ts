/**
 * A toolkit's tools in the shapes the model APIs take. Plain objects: no SDK is imported.
 * - OpenAI Chat Completions `tools`: `{ type: "function", function: { name, description, parameters } }`;
 * - OpenAI Responses `tools`: `{ type: "function", name, description, parameters, strict: false }`;
 * - Anthropic Messages `tools`: `{ name, description, input_schema }`;
 * - Vercel AI SDK (v5+) `tools`: `{ [name]: { description, inputSchema, execute } }`, the schema in the
 *   shape `jsonSchema()` from `ai` returns.
 */
import type { ParamsJsonSchema } from "./metadata.js";
import { jsonSchemaConverter, type StandardSchemaWithJSONSchema } from "./standardSchema.js";
import type { Tool, Toolkit, ToolResult } from "./toolkit.js";

export interface OpenAIChatTool {
  type: "function";
  function: { name: string; description: string; parameters: ParamsJsonSchema };
}

export interface OpenAIResponsesTool {
  type: "function";
  name: string;
  description: string;
  parameters: ParamsJsonSchema;
  strict: false;
}

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: ParamsJsonSchema;
}

/**
 * The input schema of an AI SDK tool: a Standard Schema with a JSON Schema converter (the SDK sends
 * the JSON Schema to the model). It passes every input through: `toolkit.call` validates, so the
 * model gets an `invalid_params` result it can act on.
 */
export type VercelAISchema = StandardSchemaWithJSONSchema<unknown, unknown>;

export interface VercelAITool {
  description: string;
  inputSchema: VercelAISchema;
  execute: (args: unknown) => Promise<ToolResult>;
}

export function openAIChatTools(tools: readonly Tool[]): OpenAIChatTool[] {
  return tools.map((t) => ({
    type: "function",
    function: { name: t.name, description: t.description, parameters: t.inputSchema },
  }));
}

export function openAIResponsesTools(tools: readonly Tool[]): OpenAIResponsesTool[] {
  return tools.map((t) => ({
    type: "function",
    name: t.name,
    description: t.description,
    parameters: t.inputSchema,
    strict: false,
  }));
}

export function anthropicTools(tools: readonly Tool[]): AnthropicTool[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    input_schema: t.inputSchema,
  }));
}

/** Tools for `generateText({ tools })` and the other AI SDK calls that take a `ToolSet`. */
export function vercelAITools(toolkit: Toolkit): Record<string, VercelAITool> {
  const out: Record<string, VercelAITool> = {};
  for (const t of toolkit.tools) {
    const inputSchema: VercelAISchema = {
      "~standard": {
        version: 1,
        vendor: "refold",
        validate: (value) => ({ value }),
        jsonSchema: jsonSchemaConverter(() => t.inputSchema),
      },
    };
    Object.defineProperty(out, t.name, {
      value: {
        description: t.description,
        inputSchema,
        execute: (args: unknown) => toolkit.call(t.name, args),
      },
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
