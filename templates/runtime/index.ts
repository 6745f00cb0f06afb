/**
 * The refold-gen runtime's core entry: the client, the one executor behind every generated method,
 * errors, retry policy, param validation and the shared types. Copied unchanged into generated
 * output. The test helper, webhook verification and the agent toolkit are in `all.ts` (which the
 * generated index re-exports), so a project that builds a client from one app module type-checks
 * only this much.
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
export {
  appFactory,
  factorySpecs,
  type ActionSpecs,
  type BoundAction,
  type FactorySpecs,
} from "./bind.js";
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
