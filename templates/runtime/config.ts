/** Resolves `ClientOptions` into the executor's immutable configuration (defaults applied). */
import { Pool, type Dispatcher } from "undici";
import { AuthHeaders } from "./auth.js";
import { RefoldConfigurationError } from "./errors.js";
import { mintSessionToken } from "./mint.js";
import {
  DEFAULT_BASE_URL,
  DEFAULTS,
  defaultSleep,
  type ClientOptions,
  type RefoldHooks,
} from "./options.js";
import { RateLimiter } from "./rateLimiter.js";
import { DEFAULT_BACKOFF, type BackoffOptions } from "./retryPolicy.js";
import { SessionTokenCache } from "./sessionTokens.js";

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
  hooks: RefoldHooks | undefined;
  /** API key and static session token (minted tokens are added at scrub time). */
  staticSecrets: readonly string[];
  timeoutMs: number;
  retries: number;
  maxRetryAfterMs: number;
  maxResponseBytes: number;
  backoff: BackoffOptions;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  linkedAccountId: string | undefined;
}

const TRAILING_SLASHES = /\/+$/;

/** Validates a positive number option (milliseconds or bytes). */
export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) {
    throw new RefoldConfigurationError(`${name} must be a positive number, got ${String(value)}`);
  }
  return value;
}

export function resolveConfig(options: ClientOptions): ResolvedConfig {
  const { apiKey, sessionToken } = options;
  if (!apiKey && !sessionToken) {
    throw new RefoldConfigurationError(
      "Refold client needs credentials: pass { apiKey } (sent as x-api-key) or { sessionToken } (sent as Bearer).",
    );
  }
  if (options.sessionTokens === true && !apiKey) {
    throw new RefoldConfigurationError(
      "{ sessionTokens: true } mints tokens with the API key: pass { apiKey } too.",
    );
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
  } catch {
    throw new RefoldConfigurationError(
      `Invalid Refold baseUrl ${JSON.stringify(options.baseUrl)}.`,
    );
  }
  const now = options.now ?? Date.now;
  const origin = url.origin;
  const dispatcher =
    options.dispatcher ??
    new Pool(origin, {
      connections: options.connections ?? DEFAULTS.connections,
      connectTimeout: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULTS.keepAliveTimeoutMs,
    });
  const config: ResolvedConfig = {
    dispatcher,
    ownsDispatcher: options.dispatcher === undefined,
    origin,
    basePath: url.pathname.replace(TRAILING_SLASHES, ""),
    apiKey,
    auth: new AuthHeaders("apiKey", apiKey, undefined, undefined),
    tokens: undefined,
    limiter:
      options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? {}, now),
    hooks: options.hooks,
    staticSecrets: [apiKey, sessionToken].filter(
      (s): s is string => typeof s === "string" && s !== "",
    ),
    timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs, "timeoutMs"),
    retries: Math.max(0, Math.floor(options.retries ?? DEFAULTS.retries)),
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    maxResponseBytes: positive(
      options.maxResponseBytes,
      DEFAULTS.maxResponseBytes,
      "maxResponseBytes",
    ),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    now,
    linkedAccountId: options.linkedAccountId,
  };
  if (sessionToken) {
    config.auth = new AuthHeaders("sessionToken", undefined, sessionToken, undefined);
  } else if (options.sessionTokens === true) {
    config.tokens = new SessionTokenCache((account) => mintSessionToken(config, account), now);
    config.auth = new AuthHeaders("mintedTokens", apiKey, undefined, config.tokens);
  }
  return config;
}

/** Every secret the client knows right now (for scrubbing error text). */
export function currentSecrets(config: ResolvedConfig): readonly string[] {
  return config.tokens === undefined
    ? config.staticSecrets
    : [...config.staticSecrets, ...config.tokens.secrets()];
}
