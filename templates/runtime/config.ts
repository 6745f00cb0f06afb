/** Resolves `ClientOptions` into the executor's immutable configuration (validated, defaults applied). */
import { Pool, type Dispatcher } from "undici";
import { AccountGate } from "./accountGate.js";
import { AuthHeaders } from "./auth.js";
import { RefoldConfigurationError } from "./errors.js";
import {
  DEFAULT_BASE_URL,
  DEFAULTS,
  defaultSleep,
  monotonicNow,
  type ClientOptions,
  type RefoldHooks,
} from "./options.js";
import { RateLimiter } from "./rateLimiter.js";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./retryPolicy.js";
import { SessionTokenCache } from "./sessionTokens.js";
import { validateClientOptions } from "./validateOptions.js";

export interface ResolvedConfig {
  dispatcher: Dispatcher;
  ownsDispatcher: boolean;
  origin: string;
  /** Path prefix of `baseUrl` without trailing slash ("" for a bare origin). */
  basePath: string;
  apiKey: string | undefined;
  auth: AuthHeaders;
  tokens: SessionTokenCache | undefined;
  limiter: RateLimiter | undefined;
  gate: AccountGate;
  hooks: RefoldHooks | undefined;
  /** API key and static session token (tokens a call uses are added by the call). */
  staticSecrets: readonly string[];
  timeoutMs: number;
  attemptTimeoutMs: number;
  minWriteBudgetMs: number;
  retries: number;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  backoff: BackoffOptions;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic milliseconds. */
  now: () => number;
  linkedAccountId: string | undefined;
}

const TRAILING_SLASHES = /\/+$/;

export function resolveConfig(options: ClientOptions): ResolvedConfig {
  const { apiKey, sessionToken } = options;
  if (!apiKey && !sessionToken) {
    throw new RefoldConfigurationError(
      "Refold client needs credentials: pass { apiKey } (sent as x-api-key) or { sessionToken } (sent as Bearer), or set REFOLD_API_KEY.",
    );
  }
  if (options.sessionTokens === true && !apiKey) {
    throw new RefoldConfigurationError(
      "{ sessionTokens: true } mints tokens with the API key: pass { apiKey } too.",
    );
  }
  validateClientOptions(options);
  let url: URL;
  try {
    url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  } catch {
    throw new RefoldConfigurationError(
      `Invalid Refold baseUrl ${JSON.stringify(options.baseUrl)}.`,
    );
  }
  const now = options.now ?? monotonicNow;
  const origin = url.origin;
  const connections = options.connections ?? DEFAULTS.connections;
  const dispatcher =
    options.dispatcher ??
    new Pool(origin, {
      connections,
      connectTimeout: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    });
  const tokens =
    options.sessionTokens === true && !sessionToken ? new SessionTokenCache(now) : undefined;
  const mode = sessionToken ? "sessionToken" : tokens !== undefined ? "mintedTokens" : "apiKey";
  return {
    dispatcher,
    ownsDispatcher: options.dispatcher === undefined,
    origin,
    basePath: url.pathname.replace(TRAILING_SLASHES, ""),
    apiKey,
    auth: new AuthHeaders(mode, apiKey, sessionToken, tokens),
    tokens,
    limiter:
      options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? {}, now),
    gate: new AccountGate(
      options.maxInFlightPerAccount ?? Math.max(1, Math.floor(connections / 4)),
    ),
    hooks: options.hooks,
    staticSecrets: [apiKey, sessionToken].filter(
      (s): s is string => typeof s === "string" && s !== "",
    ),
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    attemptTimeoutMs: options.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
    minWriteBudgetMs: options.minWriteBudgetMs ?? DEFAULTS.minWriteBudgetMs,
    retries: options.retries ?? DEFAULTS.retries,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    backoff: {
      baseDelayMs: options.backoff?.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
      maxDelayMs: options.backoff?.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    },
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    now,
    linkedAccountId: options.linkedAccountId,
  };
}
