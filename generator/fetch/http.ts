/**
 * The live source's HTTP client: undici `request` on one keep-alive Agent, GET only, JSON only.
 * Every attempt runs under the shared concurrency limit, a per-request timeout and the overall
 * deadline; 429/5xx/network errors/timeouts are retried with full-jitter backoff (honouring
 * `Retry-After`). Failures are `HttpFailure`s carrying what a message needs, already redacted.
 */
import { decodeUtf8 } from "../decodeUtf8.js";
import { Agent } from "undici";
import { createLimiter, type Limiter } from "./limit.js";
import { displayUrl, oneLine, type Redactor } from "./redact.js";
import {
  backoffMs,
  retryableNetworkError,
  retryableStatus,
  retryAfterMs,
  type FetchDeps,
} from "./retry.js";

export interface HttpClientOptions {
  baseUrl: string;
  headers: Record<string, string>;
  concurrency: number;
  requestTimeoutMs: number;
  attempts: number;
  deadlineMs: number;
  redact: Redactor;
  deps: FetchDeps;
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
  /** Aborts every request in flight (after a fatal failure elsewhere). */
  abort(): void;
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
  const run = new AbortController();
  const deadlineAt = deps.now() + options.deadlineMs;
  const urlOf = (path: string) => displayUrl(origin + prefix + path);

  async function once(path: string): Promise<Outcome> {
    const remaining = deadlineAt - deps.now();
    if (remaining <= 0) return { kind: "deadline" };
    const byDeadline = remaining < options.requestTimeoutMs;
    const attempt = new AbortController();
    const onRunAbort = () => attempt.abort();
    run.signal.addEventListener("abort", onRunAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        attempt.abort();
      },
      Math.min(remaining, options.requestTimeoutMs),
    );
    try {
      const res = await agent.request({
        origin,
        path: prefix + path,
        method: "GET",
        headers: { accept: "application/json", ...options.headers },
        signal: attempt.signal,
      });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          res.body.destroy();
          return { kind: "too-large" };
        }
        chunks.push(chunk);
      }
      return {
        kind: "response",
        status: res.statusCode,
        contentType: headerText(res.headers["content-type"]),
        retryAfter: headerText(res.headers["retry-after"]) || undefined,
        location: headerText(res.headers.location) || undefined,
        body: Buffer.concat(chunks),
      };
    } catch (error) {
      if (run.signal.aborted) return { kind: "aborted" };
      if (timedOut) return { kind: byDeadline ? "deadline" : "timeout" };
      const err = error as { code?: string; message?: string; cause?: { code?: string } };
      const code = err.code ?? err.cause?.code;
      if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
        return { kind: "timeout" };
      return { kind: "network", code, detail: redact(oneLine(String(err.message ?? error), 200)) };
    } finally {
      clearTimeout(timer);
      run.signal.removeEventListener("abort", onRunAbort);
    }
  }

  async function getJson(path: string): Promise<JsonAnswer> {
    const url = urlOf(path);
    for (let attempt = 1; ; attempt++) {
      const outcome = await limiter.run(() => once(path));
      if (outcome.kind === "response" && outcome.status >= 200 && outcome.status < 300)
        return parseJson(outcome, url, attempt, redact);
      const info = describe(outcome, url, attempt, redact, options);
      const retryable =
        (outcome.kind === "response" && retryableStatus(outcome.status)) ||
        (outcome.kind === "network" && retryableNetworkError(outcome.code)) ||
        outcome.kind === "timeout";
      if (!retryable || attempt >= attempts) throw new HttpFailure(info);
      const hinted =
        outcome.kind === "response" ? retryAfterMs(outcome.retryAfter, deps.now()) : undefined;
      const wait = hinted ?? backoffMs(attempt, deps.random);
      if (deps.now() + wait >= deadlineAt)
        throw new HttpFailure({ ...info, kind: "deadline", deadlineMs: options.deadlineMs });
      await deps.sleep(wait, run.signal);
      if (run.signal.aborted) throw new HttpFailure({ ...info, kind: "aborted" });
    }
  }

  return {
    getJson,
    urlOf,
    abort: () => run.abort(),
    close: async () => {
      run.abort();
      await agent.destroy().catch(() => {});
    },
  };
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
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
