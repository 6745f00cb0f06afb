/** Retry policy of the live source: what is retried, and how long to wait before the next attempt. */

/** Waits and randomness, injectable so tests never wait for real. */
export interface FetchDeps {
  /** Resolves after `ms` (or early, when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Uniform in [0, 1): the jitter. */
  random(): number;
  /** Milliseconds, for the deadline and `Retry-After` dates. */
  now(): number;
}

export const defaultDeps: FetchDeps = {
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
  random: Math.random,
  now: Date.now,
};

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 8_000;
/** A `Retry-After` longer than this is shortened to it. */
export const RETRY_AFTER_CAP_MS = 30_000;

/** Full-jitter exponential backoff before attempt `attempt + 1` (attempt counts from 1). */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` (delta seconds or an HTTP date) in ms, capped; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    // An HTTP date names its weekday and month; bare numbers such as "-5" are not dates.
    if (!/[a-z]{3}/i.test(text)) return undefined;
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Math.ceil(ms)));
}

/** Statuses worth another attempt (GETs are safe to repeat). 501 means "never", so it is not. */
export const retryableStatus = (status: number) =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

/** Network error codes that will not heal by retrying. */
const PERMANENT_CODES = new Set([
  "ENOTFOUND",
  "UND_ERR_INVALID_ARG",
  "UND_ERR_NOT_SUPPORTED",
  "ERR_INVALID_URL",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_HAS_EXPIRED",
]);

export const retryableNetworkError = (code: string | undefined) => !PERMANENT_CODES.has(code ?? "");
