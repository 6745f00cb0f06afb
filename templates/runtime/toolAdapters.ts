/**
 * A toolkit's tools in the shapes the model APIs take. Plain objects: no SDK is imported.
 * - OpenAI Chat Completions `tools`: `{ type: "function", function: { name, description, parameters } }`;
 * - OpenAI Responses `tools`: `{ type: "function", name, description, parameters, strict: false }`;
 * - Anthropic Messages `tools`: `{ name, description, input_schema }`;
 * - Vercel AI SDK (v5+) `tools`: `{ [name]: { description, inputSchema, execute } }`, the schema in the
 *   shape `jsonSchema()` from `ai` returns.
 */
import type { JsonSchema } from "./metadata.js";
import type { Tool, Toolkit, ToolResult } from "./toolkit.js";

export interface OpenAIChatTool {
  type: "function";
  function: { name: string; description: string; parameters: JsonSchema };
}

export interface OpenAIResponsesTool {
  type: "function";
  name: string;
  description: string;
  parameters: JsonSchema;
  strict: false;
}

export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: JsonSchema;
}

/** The AI SDK's `Schema` (what `jsonSchema(schema)` from `ai` returns). */
export interface VercelAISchema {
  readonly jsonSchema: JsonSchema;
  readonly validate: (
    value: unknown,
  ) => { success: true; value: unknown } | { success: false; error: Error };
}

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

const AI_SCHEMA = Symbol.for("vercel.ai.schema");
const AI_VALIDATOR = Symbol.for("vercel.ai.validator");

/**
 * Tools for `generateText({ tools })`. Args are checked again by `toolkit.call` (the AI SDK's own
 * check only passes them through), whose result the model receives.
 */
export function vercelAITools(toolkit: Toolkit): Record<string, VercelAITool> {
  const out: Record<string, VercelAITool> = {};
  for (const t of toolkit.tools) {
    const inputSchema = {
      [AI_SCHEMA]: true,
      [AI_VALIDATOR]: true,
      _type: undefined,
      jsonSchema: t.inputSchema,
      validate: (value: unknown) => ({ success: true as const, value }),
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
