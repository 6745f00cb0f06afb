/**
 * The refold-gen runtime: one executor behind every generated method, plus errors, retry policy,
 * test helper and webhook verification. Copied unchanged into generated output.
 */
export type {
  Action,
  ActionEnvelope,
  ActionKind,
  ActionWithOptionalParams,
  AppFactory,
  CallOptions,
  Execute,
  ExecuteOptions,
  JsonValue,
} from "./types.js";
export type {
  ClientOptions,
  ErrorEvent,
  RefoldHooks,
  RequestEvent,
  ResponseEvent,
} from "./options.js";
export { DEFAULT_BASE_URL } from "./options.js";
export { bindApp, type BoundAction } from "./bind.js";
export {
  createClient,
  clientFromExecutor,
  type AppFactories,
  type Client,
  type ValidationOptions,
} from "./client.js";
export { createExecutor, type Executor } from "./executor.js";
export { configureRefold, defaultExecute, resetRefold } from "./defaults.js";
export { optionsFromEnv, withEnvironment } from "./env.js";
export {
  RefoldAbortError,
  RefoldApiError,
  RefoldAuthenticationError,
  RefoldConfigurationError,
  RefoldConnectionExpiredError,
  RefoldError,
  RefoldInvalidResponseError,
  RefoldMockNotStubbedError,
  RefoldNetworkError,
  RefoldNotFoundError,
  RefoldProviderError,
  RefoldRateLimitError,
  RefoldResponseTooLargeError,
  RefoldServerError,
  RefoldTimeoutError,
  RefoldValidationError,
  isRefoldError,
  type NotFoundResource,
  type RefoldErrorInit,
} from "./errors.js";
export {
  DEFAULT_BACKOFF,
  RETRYABLE_READ_STATUSES,
  computeBackoffMs,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type AttemptFailure,
  type BackoffOptions,
  type RetryInput,
} from "./retryPolicy.js";
export { RateLimiter, type RateLimitOptions } from "./rateLimiter.js";
export { AccountGate } from "./accountGate.js";
export { createRedactor, scrubText, scrubValue, REDACTED, type ValueLimits } from "./redact.js";
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
  paramsJsonSchema,
  type ActionMetadata,
  type AppMetadata,
  type FieldKind,
  type FieldMetadata,
  type JsonSchema,
  type ParamsJsonSchema,
  type MetadataLoaders,
} from "./metadata.js";
export {
  RefoldParamsError,
  jsonPath,
  paramsIssues,
  paramsValidator,
  type ParamsIssue,
  type ParamsValidator,
} from "./validate.js";
export type {
  StandardIssue,
  StandardResult,
  StandardSchemaProps,
  StandardSchemaV1,
} from "./standardSchema.js";
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
