/**
 * Everything the runtime exports: the core entry plus the test helper, webhook verification and
 * the agent toolkit with its adapters. The generated `index.ts` re-exports this module.
 */
export * from "./index.js";
export {
  createMock,
  type MockCall,
  type MockErrorReply,
  type MockMethodName,
  type MockOptions,
  type MockParams,
  type MockRefold,
  type StubSpec,
} from "./mock.js";
export {
  REFOLD_SIGNATURE_HEADER,
  parseRefoldWebhook,
  verifyRefoldWebhook,
  type RefoldConnectionEvent,
  type RefoldConnectionEventName,
  type RefoldWebhookEvent,
  type RefoldWebhookEventName,
  type RefoldWorkflowEvent,
  type RefoldWorkflowEventName,
} from "./webhooks.js";
export {
  createToolkit,
  type Tool,
  type ToolCall,
  type ToolError,
  type Toolkit,
  type ToolkitOptions,
  type ToolResult,
  type WritePolicy,
} from "./toolkit.js";
export { MAX_TOOL_NAME, toolNames } from "./toolNames.js";
export {
  anthropicTools,
  openAIChatTools,
  openAIResponsesTools,
  vercelAITools,
  type AnthropicTool,
  type OpenAIChatTool,
  type OpenAIResponsesTool,
  type VercelAISchema,
  type VercelAITool,
} from "./toolAdapters.js";
