/** Maps a transport failure (no complete response) to its `RefoldError`. */
import {
  RefoldAbortError,
  RefoldConfigurationError,
  RefoldNetworkError,
  RefoldResponseTooLargeError,
  RefoldTimeoutError,
  type RefoldError,
  type RefoldErrorInit,
} from "./errors.js";
import type { CallContext } from "./responseBody.js";
import type { AttemptFailure } from "./retryPolicy.js";
import type { TransportFailure } from "./transport.js";

/** What a failed attempt belonged to. */
export interface AttemptScope {
  call: CallContext;
  /** The call's overall deadline, for messages. */
  timeoutMs: number;
  /** `maxResponseBytes`, for messages. */
  limitBytes: number;
}

function causeCode(cause: unknown): string | undefined {
  if (typeof cause !== "object" || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function causeMessage(cause: unknown): string {
  if (typeof cause === "object" && cause !== null) {
    const message = (cause as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
  }
  return "connection failed";
}

/**
 * Builds the error for a failed attempt. `mayHaveSucceeded` is true once the request left.
 * `attemptTimeoutMs` is set when the timer that fired was the attempt's, not the deadline.
 */
export function transportError(
  scope: AttemptScope,
  failure: TransportFailure,
  attemptTimeoutMs?: number | undefined,
): RefoldError {
  const { call } = scope;
  const name = `${call.slug}/${call.actionId}`;
  const init: RefoldErrorInit = {
    slug: call.slug,
    actionId: call.actionId,
    linkedAccountId: call.linkedAccountId,
    status: failure.status,
    requestId: failure.requestId,
    mayHaveSucceeded: failure.reachedServer,
    cause: failure.cause,
    secrets: call.secrets,
  };
  const sent = failure.reachedServer
    ? "after the request was sent (it may have been executed)"
    : "before the request was sent";
  switch (failure.kind) {
    case "timeout":
      if (attemptTimeoutMs !== undefined) {
        return new RefoldTimeoutError(
          `Refold call ${name} got no response within attemptTimeoutMs (${Math.round(attemptTimeoutMs)} ms) ${sent}`,
          { ...init, timeoutMs: scope.timeoutMs },
        );
      }
      return new RefoldTimeoutError(
        `Refold call ${name} exceeded its ${scope.timeoutMs} ms deadline ${sent}`,
        { ...init, timeoutMs: scope.timeoutMs },
      );
    case "aborted":
      return new RefoldAbortError(`Refold call ${name} was aborted ${sent}`, init);
    case "too_large":
      return new RefoldResponseTooLargeError(
        `Refold's response to ${name} (HTTP ${failure.status ?? "?"}, ${failure.contentType ?? "no content type"}) exceeded maxResponseBytes (${scope.limitBytes} bytes)`,
        { ...init, mayHaveSucceeded: true, limitBytes: scope.limitBytes },
      );
    case "invalid":
      return new RefoldConfigurationError(
        `Refold call ${name} could not be sent: ${causeMessage(failure.cause)}`,
        init,
      );
    default: {
      const code = causeCode(failure.cause);
      return new RefoldNetworkError(
        `Network error calling Refold ${name} ${sent}: ${code === undefined ? "" : `${code} `}${causeMessage(failure.cause)}`,
        { ...init, networkCode: code },
      );
    }
  }
}

/** The retry policy's view of a transport failure. */
export function failureOf(
  failure: TransportFailure,
  attemptTimedOut: boolean = false,
): AttemptFailure {
  if (attemptTimedOut && failure.kind === "timeout") {
    return { type: "attemptTimeout", reachedServer: failure.reachedServer };
  }
  switch (failure.kind) {
    case "network":
      return { type: "network", reachedServer: failure.reachedServer };
    case "timeout":
      return { type: "timeout" };
    case "aborted":
      return { type: "aborted" };
    default:
      return { type: "fatal" };
  }
}
