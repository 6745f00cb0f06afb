/**
 * The live source's HTTP client: GET only, JSON only, each attempt sent by the runtime's
 * `sendAttempt` (body-size cap, per-attempt timer) on one keep-alive Agent. Every attempt (retries
 * too) takes a token from one bucket before it is sent, so the fetch keeps to the documented rate
 * limit instead of discovering it through 429s; it runs under the shared concurrency limit, a
 * per-request timeout and the overall deadline. 429/5xx/network errors and timeouts are retried
 * by the runtime's retry decision (fetch/retry.ts). Failures are `HttpFailure`s carrying what a
 * message needs, already redacted.
 *
 * No listener is ever added to a shared signal: each attempt and each wait has its own controller,
 * kept in a set that `abort()` walks.
 */
import { decodeUtf8 } from "../../core/decodeUtf8.js";
import { Agent } from "undici";
import { RateLimiter } from "../../../templates/runtime/rateLimiter.js";
import { sendAttempt, type TransportFailure } from "../../../templates/runtime/transport.js";
import { createLimiter, type Limiter } from "./limit.js";
import { displayUrl, oneLine, type Redactor } from "./redact.js";
import { decideGetRetry, type FetchDeps, type GetFailure } from "./retry.js";

/** The documented limit: 20 requests/s with a burst of 5. */
export interface FetchRateLimit {
  requestsPerSecond: number;
  burst: number;
}

export const DEFAULT_FETCH_RATE_LIMIT: FetchRateLimit = { requestsPerSecond: 20, burst: 5 };

export interface HttpClientOptions {
  baseUrl: string;
  headers: Record<string, string>;
  concurrency: number;
  requestTimeoutMs: number;
  attempts: number;
  deadlineMs: number;
  /** Pacing of every request; `false` sends as fast as the concurrency allows. */
  rateLimit: FetchRateLimit | false;
  redact: Redactor;
  deps: FetchDeps;
}

/** What the client did, for the progress line, tests and the benchmark. */
export interface HttpStats {
  /** Attempts sent (retries included). */
  sent: number;
  /** Answers with HTTP 429. */
  rateLimited: number;
  /** Attempts that were retried. */
  retried: number;
}

export interface FailureInfo {
  kind: "status" | "network" | "timeout" | "deadline" | "not-json" | "too-large" | "aborted";
  /** The URL for messages (no credentials). */
  url: string;
  attempts: number;
  status?: number;
  /** `message` (or `error`) of the JSON error envelope, printable. */
  serverMessage?: string;
  requestId?: string;
  contentType?: string;
  /** The first bytes of the body, printable. */
  preview?: string;
  bodyBytes?: number;
  /** Where a 3xx pointed (credentials are never sent across a redirect, so none is followed). */
  location?: string;
  /** Network error code and text (redacted). */
  code?: string;
  detail?: string;
  timeoutMs?: number;
  deadlineMs?: number;
}

export class HttpFailure extends Error {
  constructor(readonly info: FailureInfo) {
    super(`${info.kind}: ${info.url}`);
    this.name = "HttpFailure";
  }
}

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Outcome =
  | {
      kind: "response";
      status: number;
      contentType: string;
      retryAfter?: string;
      location?: string;
      body: Buffer;
    }
  | { kind: "network"; code?: string; detail: string }
  | { kind: "timeout" | "deadline" | "aborted" | "too-large" };

/** A 2xx JSON answer, with what a shape error needs to say what arrived. */
export interface JsonAnswer {
  value: unknown;
  url: string;
  contentType: string;
  /** The first bytes of the body, printable. */
  preview: string;
  /** True when the body started with a byte order mark (dropped, reported as a warning). */
  bom?: boolean;
}

export interface HttpClient {
  /** GETs `path` (already encoded) and returns the parsed JSON of a 2xx answer. */
  getJson(path: string): Promise<JsonAnswer>;
  /** The full URL of `path`, for messages. */
  urlOf(path: string): string;
  /** Aborts every request in flight and every wait (after a fatal failure elsewhere). */
  abort(): void;
  readonly stats: HttpStats;
  close(): Promise<void>;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl);
  const origin = base.origin;
  const prefix = base.pathname.replace(/\/+$/, "");
  const { deps, redact } = options;
  const attempts = Math.max(1, Math.floor(options.attempts) || 1);
  const agent = new Agent({
    connections: Math.max(1, options.concurrency),
    keepAliveTimeout: 10_000,
    // Our own timer bounds each attempt; these are only a backstop.
    headersTimeout: options.requestTimeoutMs + 1_000,
    bodyTimeout: options.requestTimeoutMs + 1_000,
  });
  const limiter: Limiter = createLimiter(options.concurrency);
  const bucket = pacer(options.rateLimit, deps.now);
  const stats: HttpStats = { sent: 0, rateLimited: 0, retried: 0 };
  /** Controllers of the attempts and waits in progress; `abort()` aborts them all. */
  const pending = new Set<AbortController>();
  let aborted = false;
  const deadlineAt = deps.now() + options.deadlineMs;
  const urlOf = (path: string) => displayUrl(origin + prefix + path);

  /** Sleeps `ms` unless the run is aborted first. */
  async function wait(ms: number): Promise<void> {
    if (ms <= 0 || aborted) return;
    const controller = new AbortController();
    pending.add(controller);
    try {
      await deps.sleep(ms, controller.signal);
    } finally {
      pending.delete(controller);
    }
  }

  /**
   * Takes a token from the bucket, waiting while it is empty. A token is taken only when one is
   * there at the moment of sending: a wait that ran late (a busy event loop) must not let several
   * requests out back to back, which a reservation made before the wait would.
   */
  async function paced(): Promise<"go" | "deadline"> {
    if (!bucket) return "go";
    for (;;) {
      const ms = bucket.reserve("fetch");
      if (ms === 0) return "go";
      bucket.cancel("fetch");
      if (deps.now() + ms >= deadlineAt) return "deadline";
      // Whole milliseconds: a fractional remainder could otherwise round to no progress at all.
      await wait(Math.ceil(ms));
      if (aborted) return "go";
    }
  }

  async function once(path: string): Promise<Outcome> {
    if ((await paced()) === "deadline") return { kind: "deadline" };
    if (aborted) return { kind: "aborted" };
    const remaining = deadlineAt - deps.now();
    if (remaining <= 0) return { kind: "deadline" };
    const byDeadline = remaining < options.requestTimeoutMs;
    const attempt = new AbortController();
    pending.add(attempt);
    stats.sent += 1;
    try {
      const res = await sendAttempt({
        dispatcher: agent,
        origin,
        path: prefix + path,
        method: "GET",
        headers: { accept: "application/json", ...options.headers },
        body: undefined,
        timeoutMs: Math.min(remaining, options.requestTimeoutMs),
        maxResponseBytes: MAX_BODY_BYTES,
        signal: attempt.signal,
      });
      return {
        kind: "response",
        status: res.status,
        contentType: res.contentType ?? "",
        retryAfter: res.retryAfter || undefined,
        location: res.location || undefined,
        body: res.body,
      };
    } catch (caught) {
      if (aborted) return { kind: "aborted" };
      return failedAttempt(caught as TransportFailure, byDeadline, redact);
    } finally {
      pending.delete(attempt);
    }
  }

  async function getJson(path: string): Promise<JsonAnswer> {
    const url = urlOf(path);
    for (let attempt = 1; ; attempt++) {
      const outcome = await limiter.run(() => once(path));
      if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300)
        return parseJson(outcome, url, attempt, redact);
      if (outcome.kind === "response" && outcome.status === 429) stats.rateLimited += 1;
      const info = describe(outcome, url, attempt, redact, options);
      const failure = retryable(outcome);
      if (!failure) throw new HttpFailure(info);
      const decision = decideGetRetry(
        {
          failure,
          attempt,
          attempts,
          retryAfter: outcome.kind === "response" ? outcome.retryAfter : undefined,
          remainingMs: deadlineAt - deps.now(),
        },
        deps,
      );
      if (!decision.retry && decision.reason === "policy") throw new HttpFailure(info);
      if (!decision.retry)
        throw new HttpFailure({ ...info, kind: "deadline", deadlineMs: options.deadlineMs });
      stats.retried += 1;
      await wait(decision.delayMs);
      if (aborted) throw new HttpFailure({ ...info, kind: "aborted" });
    }
  }

  const abort = () => {
    aborted = true;
    for (const controller of pending) controller.abort();
    pending.clear();
  };
  return {
    getJson,
    urlOf,
    abort,
    stats,
    close: async () => {
      abort();
      await agent.destroy().catch(() => {});
    },
  };
}

/**
 * The bucket that paces the fetch: a steady 90% of the limit's rate, without bursts. The server's
 * burst is left as headroom: requests reach it closer together than they were sent whenever the
 * network or either event loop stalls (a request sent before a stall is counted after it, next
 * to the ones sent right after), and the 10% margin refills that headroom as the fetch goes on.
 * Not bursting costs only the first few requests' head start.
 */
export const PACING_MARGIN = 0.9;

function pacer(limit: FetchRateLimit | false, now: () => number): RateLimiter | undefined {
  if (!limit) return undefined;
  return new RateLimiter(
    { requestsPerSecond: limit.requestsPerSecond * PACING_MARGIN, burst: 1 },
    now,
  );
}

/** The failure to hand the retry policy, or undefined when the outcome is never retried. */
function retryable(outcome: Outcome): GetFailure | undefined {
  if (outcome.kind === "response") return { kind: "status", status: outcome.status };
  if (outcome.kind === "network") return { kind: "network", code: outcome.code };
  if (outcome.kind === "timeout") return { kind: "timeout" };
  return undefined;
}

/** What an attempt that got no complete answer ended with (`sendAttempt`'s failure kinds). */
function failedAttempt(failure: TransportFailure, byDeadline: boolean, redact: Redactor): Outcome {
  if (failure.kind === "timeout") return { kind: byDeadline ? "deadline" : "timeout" };
  if (failure.kind === "too_large") return { kind: "too-large" };
  if (failure.kind === "aborted") return { kind: "aborted" };
  // "network", and "invalid" (undici refused the request): the code says which.
  const err = failure.cause as { code?: string; message?: string; cause?: { code?: string } };
  const code = err?.code ?? err?.cause?.code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return { kind: "timeout" };
  return {
    kind: "network",
    code,
    detail: redact(oneLine(String(err?.message ?? failure.cause), 200)),
  };
}

function describe(
  outcome: Outcome,
  url: string,
  attempts: number,
  redact: Redactor,
  options: HttpClientOptions,
): FailureInfo {
  const info: FailureInfo = {
    kind: outcome.kind === "response" ? "status" : outcome.kind,
    url,
    attempts,
  };
  if (outcome.kind === "timeout") info.timeoutMs = options.requestTimeoutMs;
  if (outcome.kind === "deadline") info.deadlineMs = options.deadlineMs;
  if (outcome.kind === "network")
    Object.assign(info, { code: outcome.code, detail: outcome.detail });
  if (outcome.kind === "response") {
    info.status = outcome.status;
    if (outcome.location) info.location = redact(displayUrl(outcome.location));
    Object.assign(info, bodyFacts(outcome, redact));
  }
  return info;
}

/** Content type, first bytes, and the error envelope's message when the body is one. */
function bodyFacts(
  response: { contentType: string; body: Buffer },
  redact: Redactor,
): Partial<FailureInfo> {
  const text = response.body.toString("utf8");
  const facts: Partial<FailureInfo> = {
    contentType: redact(oneLine(response.contentType || "none", 80)),
    preview: redact(oneLine(text, 120)),
    bodyBytes: response.body.length,
  };
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (value && typeof value === "object") {
      const message = value.message ?? value.error ?? value.error_code;
      if (typeof message === "string") facts.serverMessage = redact(oneLine(message, 200));
      if (typeof value.request_id === "string")
        facts.requestId = redact(oneLine(value.request_id, 80));
    }
  } catch {
    // Not JSON: the preview says what it was.
  }
  return facts;
}

function parseJson(
  response: { status: number; contentType: string; body: Buffer },
  url: string,
  attempts: number,
  redact: Redactor,
): JsonAnswer {
  // The one UTF-8 policy (decodeUtf8.ts): invalid bytes fail naming the offset, a BOM is reported.
  const { text, bom } = decodeUtf8(response.body, `GET ${redact(url)}`);
  try {
    return {
      value: JSON.parse(text),
      bom,
      url,
      contentType: redact(oneLine(response.contentType || "none", 80)),
      preview: redact(oneLine(text.slice(0, 400), 120)),
    };
  } catch {
    throw new HttpFailure({
      kind: "not-json",
      url,
      attempts,
      status: response.status,
      ...bodyFacts(response, redact),
    });
  }
}
