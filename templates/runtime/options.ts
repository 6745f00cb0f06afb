/** Client options, hook event types and their defaults. */
import type { Dispatcher } from "undici";
import type { RefoldError } from "./errors.js";
import type { RateLimitOptions } from "./rateLimiter.js";
import type { BackoffOptions } from "./retryPolicy.js";

/** Default Refold API origin. */
export const DEFAULT_BASE_URL = "https://app.refold.ai";

/**
 * Passed to `onRequest` before each attempt, session-token mints included (`purpose`).
 * Credentials in `headers` are `[REDACTED]`; secrets are scrubbed from every string.
 */
export interface RequestEvent {
  /** `execute`, or `session-token` for a mint made on behalf of this call. */
  purpose: "execute" | "session-token";
  slug: string;
  actionId: string;
  linkedAccountId: string | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  method: "POST";
  url: string;
  headers: Readonly<Record<string, string>>;
}

/** Passed to `onResponse` for every attempt that got a complete response. */
export interface ResponseEvent extends RequestEvent {
  status: number;
  requestId: string | undefined;
  durationMs: number;
}

/** Passed to `onError` for every failed attempt; `willRetry` says whether another follows. */
export interface ErrorEvent extends RequestEvent {
  error: RefoldError;
  willRetry: boolean;
  durationMs: number;
}

/** Observability hooks. They run synchronously; a throwing hook is ignored, never breaks a call. */
export interface RefoldHooks {
  onRequest?: ((event: RequestEvent) => void) | undefined;
  onResponse?: ((event: ResponseEvent) => void) | undefined;
  onError?: ((event: ErrorEvent) => void) | undefined;
}

/** Options of `createClient` / `createRefoldClient` / `configureRefold`. */
export interface ClientOptions {
  /** API key (`pk…` production, `tk…` test), sent as `x-api-key`. Required unless `sessionToken`. */
  apiKey?: string | undefined;
  /**
   * A session token for one linked account, sent as `Authorization: Bearer`; replaces the API key
   * and `linked_account_id` headers. Default: none.
   */
  sessionToken?: string | undefined;
  /**
   * With `apiKey`: mint a session token per linked account (`POST /api/v2/public/session-token`),
   * cache it, refresh it before expiry and once after a 401. Default `false` (API key headers).
   */
  sessionTokens?: boolean | undefined;
  /** Default linked account of every call; override per call or with `forAccount`. Default: none. */
  linkedAccountId?: string | undefined;
  /** Refold origin (a path prefix is kept). Default `https://app.refold.ai`. */
  baseUrl?: string | undefined;
  /**
   * Your own undici dispatcher (Agent, Pool, MockAgent, ProxyAgent…). Default: a keep-alive `Pool`
   * on `baseUrl` owned (and closed) by the client.
   */
  dispatcher?: Dispatcher | undefined;
  /** Maximum sockets of the owned pool. Default 64. Ignored with `dispatcher`. */
  connections?: number | undefined;
  /** TCP/TLS connect timeout of the owned pool. Default 10 000 ms. Ignored with `dispatcher`. */
  connectTimeoutMs?: number | undefined;
  /** Idle keep-alive socket lifetime of the owned pool. Default 4 000 ms. */
  keepAliveTimeoutMs?: number | undefined;
  /** Overall deadline per call, retries and queueing included. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * Longest wait for one response of a read (or idempotent write, or token mint), inside the
   * overall deadline; a read that gets no answer in time is retried. Writes get the whole
   * remaining deadline for their one attempt. Default 10 000 ms.
   */
  attemptTimeoutMs?: number | undefined;
  /**
   * A write is not dispatched with less than this left before its deadline (at most half the
   * call's `timeoutMs`): it fails unsent, `mayHaveSucceeded: false`, instead of going out with no
   * time to answer. Default 100 ms.
   */
  minWriteBudgetMs?: number | undefined;
  /**
   * Requests in flight at once for one linked account; more wait their turn (inside their deadline),
   * so one busy account cannot hold the whole pool. Default: a quarter of `connections` (16).
   */
  maxInFlightPerAccount?: number | undefined;
  /** Retries after the first attempt (subject to the retry policy). Default 2. */
  retries?: number | undefined;
  /** Longest `Retry-After` honoured; longer values are capped to this. Default 20 000 ms. */
  maxRetryAfterMs?: number | undefined;
  /** Full-jitter backoff bounds. Default `{ baseDelayMs: 300, maxDelayMs: 5000 }`. */
  backoff?: Partial<BackoffOptions> | undefined;
  /**
   * Client-side token bucket per linked account, or `false` to turn it off.
   * Default `{ requestsPerSecond: 20, burst: 5 }` (Refold's documented limit).
   */
  rateLimit?: RateLimitOptions | false | undefined;
  /** Largest response body accepted, in bytes. Default 16 MiB. */
  maxResponseBytes?: number | undefined;
  /** Logging / tracing hooks. Default: none. */
  hooks?: RefoldHooks | undefined;
  /** Random source in [0, 1) for jitter (tests). Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Sleep used for backoff and rate-limit waits (tests). Default: `setTimeout`, abortable. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /**
   * Monotonic clock in milliseconds for deadlines, backoff, the rate limiter and token lifetimes
   * (tests). Default `performance.now()`, which wall-clock steps do not move.
   */
  now?: (() => number) | undefined;
}

/** Default sleep: resolves after `ms`, rejects early when `signal` aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const DEFAULTS = {
  connections: 64,
  connectTimeoutMs: 10_000,
  keepAliveTimeoutMs: 4_000,
  timeoutMs: 30_000,
  attemptTimeoutMs: 10_000,
  minWriteBudgetMs: 100,
  retries: 2,
  maxRetryAfterMs: 20_000,
  maxResponseBytes: 16_777_216,
} as const;

/** setTimeout's largest delay: the largest deadline accepted. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Largest `retries` accepted (a typo like 1e9 would otherwise retry without end). */
export const MAX_RETRIES = 100;

/** Default monotonic clock. */
export function monotonicNow(): number {
  return performance.now();
}
