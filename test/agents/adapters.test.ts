// Adapters: the tool lists are assignable to the official SDKs' own tool types (checked by tsc over
// this file, with @ts-expect-error cases proving a wrong shape is rejected), and the Vercel AI SDK
// runs a tool call from a mock model through the toolkit against the emulator.
import type Anthropic from "@anthropic-ai/sdk";
import { generateText, type ToolSet } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import type OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { type Emulator } from "../../emulator/server.js";
import { useEmulatorClient } from "../helpers/emulatorClient.js";
import {
  anthropicTools,
  createToolkit,
  openAIChatTools,
  openAIResponsesTools,
  vercelAITools,
  type RefoldClient,
  type Toolkit,
} from "../../generated/index.js";

let emulator: Emulator;
let refold: RefoldClient;
let toolkit: Toolkit;
useEmulatorClient(async (started) => {
  ({ emulator, refold } = started);
  toolkit = await createToolkit(refold.forAccount("acme"), {
    apps: ["hubspot", "slack"],
    writes: "allow",
  });
});

describe("provider shapes", () => {
  it("OpenAI Chat Completions: ChatCompletionTool[]", () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = openAIChatTools(toolkit.tools);
    // @ts-expect-error the Responses shape has no `function` member
    const wrong: OpenAI.Chat.Completions.ChatCompletionTool[] = openAIResponsesTools(toolkit.tools);
    expect(wrong[0]).not.toHaveProperty("function");
    expect(tools[0]).toEqual({
      type: "function",
      function: {
        name: toolkit.tools[0]!.name,
        description: toolkit.tools[0]!.description,
        parameters: toolkit.tools[0]!.inputSchema,
      },
    });
  });

  it("OpenAI Responses: FunctionTool[]", () => {
    const tools: OpenAI.Responses.FunctionTool[] = openAIResponsesTools(toolkit.tools);
    expect(
      tools.every(
        (t) => t.type === "function" && t.strict === false && t.parameters?.type === "object",
      ),
    ).toBe(true);
  });

  it("Anthropic Messages: Tool[]", () => {
    const tools: Anthropic.Messages.Tool[] = anthropicTools(toolkit.tools);
    // @ts-expect-error Anthropic names the schema input_schema, not parameters
    const wrong: Anthropic.Messages.Tool[] = openAIResponsesTools(toolkit.tools);
    expect(wrong).toHaveLength(tools.length);
    expect(tools.map((t) => t.input_schema.type)).toEqual(toolkit.tools.map(() => "object"));
    expect(tools.map((t) => t.name)).toEqual(toolkit.tools.map((t) => t.name));
  });

  it("every shape survives JSON (what goes over the wire)", () => {
    for (const tools of [
      openAIChatTools(toolkit.tools),
      openAIResponsesTools(toolkit.tools),
      anthropicTools(toolkit.tools),
    ])
      expect(JSON.parse(JSON.stringify(tools))).toEqual(tools);
  });
});

describe("Vercel AI SDK", () => {
  const usage = {
    inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 1, text: 1, reasoning: undefined },
  };

  it("is a ToolSet whose schemas reach the model as JSON Schema, and a model's tool call runs through the toolkit", async () => {
    const tools: ToolSet = vercelAITools(toolkit);
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        content: [
          {
            type: "tool-call",
            toolCallId: "call_1",
            toolName: "hubspot_create_contact",
            input: JSON.stringify({ email: "ai@example.com" }),
          },
        ],
        finishReason: { unified: "tool-calls", raw: undefined },
        usage,
        warnings: [],
      }),
    });
    const result = await generateText({ model, tools, prompt: "add ai@example.com" });
    const offered = model.doGenerateCalls[0]!.tools!;
    const create = offered.find(
      (t) => t.type === "function" && t.name === "hubspot_create_contact",
    )!;
    expect(create).toMatchObject({
      type: "function",
      inputSchema: toolkit.tools.find((t) => t.name === "hubspot_create_contact")!.inputSchema,
    });
    expect(result.toolResults).toHaveLength(1);
    expect(result.toolResults[0]!.output).toMatchObject({
      ok: true,
      data: { properties: { email: "ai@example.com" } },
    });
    expect(emulator.requests.filter((r) => r.path.endsWith("/execute"))).toHaveLength(1);
  });

  it("invalid input from the model comes back as an invalid_params result, nothing sent", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => ({
        content: [
          { type: "tool-call", toolCallId: "c", toolName: "hubspot_create_contact", input: "{}" },
        ],
        finishReason: { unified: "tool-calls", raw: undefined },
        usage,
        warnings: [],
      }),
    });
    const result = await generateText({ model, tools: vercelAITools(toolkit), prompt: "x" });
    expect(result.toolResults[0]!.output).toMatchObject({
      ok: false,
      error: { code: "invalid_params" },
    });
    expect(emulator.requests.filter((r) => r.path.endsWith("/execute"))).toHaveLength(0);
  });
});
