/**
 * An MCP server for a toolkit, on the official TypeScript SDK (`@modelcontextprotocol/sdk`, an
 * optional peer dependency: only this file imports it, and nothing else in the runtime imports this
 * file). Reads are annotated `readOnlyHint`, writes `destructiveHint`; the toolkit's write policy
 * decides what a call may do, so an agent cannot write without the approval the policy asks for.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type Tool as McpTool,
} from "@modelcontextprotocol/sdk/types.js";
import type { Tool, ToolCall, Toolkit } from "./toolkit.js";

export interface McpServerOptions {
  /** Server name shown to the client. Default `"refold"`. */
  name?: string;
  /** Server version shown to the client. Default `"1.0.0"`. */
  version?: string;
}

/** The MCP description of one tool. */
export function mcpTool(tool: Tool): McpTool {
  const read = tool.kind === "read";
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    annotations: {
      readOnlyHint: read,
      destructiveHint: !read,
      idempotentHint: read,
      openWorldHint: true,
    },
  };
}

/** A low-level SDK `Server` (tool inputs are JSON Schema, not zod) serving the toolkit's tools. */
export function createMcpServer(toolkit: Toolkit, options: McpServerOptions = {}): Server {
  const server = new Server(
    { name: options.name ?? "refold", version: options.version ?? "1.0.0" },
    { capabilities: { tools: {} } },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolkit.tools.map(mcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const result = await toolkit.call(request.params.name, request.params.arguments ?? {});
    const text = JSON.stringify(result.ok ? result.data : { error: result.error });
    return result.ok
      ? { content: [{ type: "text", text }] }
      : { content: [{ type: "text", text }], isError: true };
  });
  return server;
}

/** Serves the toolkit over stdio (for desktop agent clients); resolves once connected. */
export async function serveMcpStdio(
  toolkit: Toolkit,
  options: McpServerOptions = {},
): Promise<Server> {
  const server = createMcpServer(toolkit, options);
  await server.connect(new StdioServerTransport());
  return server;
}

/**
 * An `approve` for `createToolkit` that asks the user through the MCP client (elicitation): the
 * client shows the call and the user accepts or declines. A client without elicitation support
 * cannot approve, so its writes are refused. Call `bind(server)` once the server exists.
 */
export function approveByElicitation(): {
  approve: (call: ToolCall) => Promise<boolean>;
  bind: (server: Server) => void;
} {
  let bound: Server | undefined;
  return {
    bind: (server) => void (bound = server),
    async approve(call) {
      if (bound?.getClientCapabilities()?.elicitation === undefined) return false;
      const answer = await bound.elicitInput({
        message: `Allow ${call.tool} (a write to ${call.slug}) with ${JSON.stringify(call.args)}?`,
        requestedSchema: {
          type: "object",
          properties: { approve: { type: "boolean", title: "Approve this write" } },
          required: ["approve"],
        },
      });
      return answer.action === "accept" && answer.content?.["approve"] === true;
    },
  };
}
