/**
 * Sends one HTTP attempt through an undici dispatcher with a handler that buffers the body under
 * a size cap, enforces the call's deadline and abort signal, and records whether the request was
 * ever handed to a socket (`reachedServer`), which is what makes a write safe or unsafe to repeat.
 */
import type { Dispatcher } from "undici";

/** A complete HTTP response, body buffered. */
export interface RawResponse {
  status: number;
  contentType: string | undefined;
  requestId: string | undefined;
  retryAfter: string | undefined;
  /** Where a 3xx pointed (redirects are never followed). */
  location: string | undefined;
  body: Buffer;
}

/** Why an attempt produced no response. */
export type TransportFailureKind = "network" | "timeout" | "aborted" | "too_large" | "invalid";

/** Rejection value of `sendAttempt` (a plain object: cheap, and never carries request headers). */
export interface TransportFailure {
  readonly transportFailure: true;
  kind: TransportFailureKind;
  /** False only when the request provably never left the client. */
  reachedServer: boolean;
  /** Status, when the failure happened after the response headers. */
  status: number | undefined;
  contentType: string | undefined;
  requestId: string | undefined;
  cause: unknown;
}

export function isTransportFailure(value: unknown): value is TransportFailure {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { transportFailure?: unknown }).transportFailure === true
  );
}

/** Minimal AbortSignal shape the runtime needs (works with any EventTarget-style signal). */
export interface SignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface AttemptRequest {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  method: "POST" | "GET";
  headers: Record<string, string>;
  body: string | undefined;
  /** Milliseconds until the call's deadline. */
  timeoutMs: number;
  maxResponseBytes: number;
  signal: SignalLike | undefined;
}

const EMPTY = Buffer.alloc(0);

/** undici errors that are not network failures: bad arguments, closed dispatcher, mock misses. */
const NOT_NETWORK_CODES: ReadonlySet<string> = new Set([
  "UND_ERR_INVALID_ARG",
  "UND_ERR_DESTROYED",
  "UND_ERR_CLOSED",
  "UND_ERR_NOT_SUPPORTED",
  "UND_MOCK_ERR_MOCK_NOT_MATCHED",
]);

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

class AttemptHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private reachedServer = false;
  private settled = false;
  private status = 0;
  private contentType: string | undefined;
  private requestId: string | undefined;
  private retryAfter: string | undefined;
  private location: string | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort: (() => void) | undefined;
  private readonly resolve: (response: RawResponse) => void;
  private readonly reject: (failure: TransportFailure) => void;
  private readonly maxBytes: number;
  private readonly signal: SignalLike | undefined;

  constructor(
    resolve: (response: RawResponse) => void,
    reject: (failure: TransportFailure) => void,
    maxBytes: number,
    timeoutMs: number,
    signal: SignalLike | undefined,
  ) {
    this.resolve = resolve;
    this.reject = reject;
    this.maxBytes = maxBytes;
    this.signal = signal;
    this.timer = setTimeout(() => this.fail("timeout", undefined), timeoutMs);
    if (signal !== undefined) {
      this.onAbort = () => this.fail("aborted", undefined);
      signal.addEventListener("abort", this.onAbort);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) {
      controller.abort(new Error("refold: attempt already settled"));
      return;
    }
    this.reachedServer = true;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    this.status = statusCode;
    this.contentType = headerValue(headers["content-type"]);
    this.requestId = headerValue(headers["x-request-id"]) ?? headerValue(headers["request-id"]);
    this.retryAfter = headerValue(headers["retry-after"]);
    this.location = headerValue(headers["location"]);
    const length = headerValue(headers["content-length"]);
    if (length !== undefined && Number(length) > this.maxBytes) this.fail("too_large", undefined);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.fail("too_large", undefined);
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settle();
    const chunks = this.chunks;
    const body =
      chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY : Buffer.concat(chunks);
    this.chunks = [];
    this.resolve({
      status: this.status,
      contentType: this.contentType,
      requestId: this.requestId,
      retryAfter: this.retryAfter,
      location: this.location,
      body,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settled) return;
    const code = (error as { code?: unknown }).code;
    this.fail(
      typeof code === "string" && NOT_NETWORK_CODES.has(code) ? "invalid" : "network",
      error,
    );
  }

  /** Fails the attempt once: clears timers, aborts the request if it is in flight. */
  fail(kind: TransportFailureKind, cause: unknown): void {
    if (this.settled) return;
    this.settle();
    this.chunks = [];
    const controller = this.controller;
    if (controller !== undefined && !controller.aborted && kind !== "network") {
      controller.abort(new Error(`refold: attempt ${kind}`));
    }
    this.reject({
      transportFailure: true,
      kind,
      reachedServer: this.reachedServer,
      status: this.status === 0 ? undefined : this.status,
      contentType: this.contentType,
      requestId: this.requestId,
      cause,
    });
  }

  private settle(): void {
    this.settled = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.onAbort !== undefined) this.signal?.removeEventListener("abort", this.onAbort);
  }
}

/** Performs one attempt; resolves with the buffered response or rejects with a `TransportFailure`. */
export function sendAttempt(request: AttemptRequest): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(failure("aborted", undefined));
      return;
    }
    const handler = new AttemptHandler(
      resolve,
      reject,
      request.maxResponseBytes,
      request.timeoutMs,
      request.signal,
    );
    try {
      request.dispatcher.dispatch(
        {
          origin: request.origin,
          path: request.path,
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          // The handler enforces the overall deadline; undici's own per-phase timers stay as a
          // backstop but never fire first.
          headersTimeout: request.timeoutMs + 1_000,
          bodyTimeout: request.timeoutMs + 1_000,
        },
        handler,
      );
    } catch (error) {
      // Synchronous dispatch errors: invalid header values, closed dispatcher.
      handler.fail("invalid", error);
    }
  });
}

function failure(kind: TransportFailureKind, cause: unknown): TransportFailure {
  return {
    transportFailure: true,
    kind,
    reachedServer: false,
    status: undefined,
    contentType: undefined,
    requestId: undefined,
    cause,
  };
}
