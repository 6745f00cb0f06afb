/**
 * Waiting inside a call: sleeps (backoff, rate limit), per-account slots and shared token mints
 * all end at the call's deadline or abort, with the error that says which and why.
 */
import type { Call } from "./call.js";
import type { ResolvedConfig } from "./config.js";
import { RefoldAbortError, RefoldTimeoutError } from "./errors.js";
import type { CallContext } from "./responseBody.js";

/** What a wait needs from the request it is part of (an `AttemptSpec` is one): the name for errors. */
export interface NamedRequest {
  ctx: CallContext;
}

export function timeoutError(
  call: Call,
  spec: NamedRequest | undefined,
  detail: string,
): RefoldTimeoutError {
  const ctx = spec?.ctx ?? call;
  return new RefoldTimeoutError(
    `Refold call ${ctx.slug}/${ctx.actionId} exceeded its ${call.timeoutMs} ms deadline: ${detail}`,
    { ...call.errorInit(), slug: ctx.slug, actionId: ctx.actionId, timeoutMs: call.timeoutMs },
  );
}

export function abortError(
  call: Call,
  spec: NamedRequest | undefined,
  detail: string,
): RefoldAbortError {
  const ctx = spec?.ctx ?? call;
  return new RefoldAbortError(`Refold call ${ctx.slug}/${ctx.actionId} was aborted ${detail}`, {
    ...call.errorInit(),
    slug: ctx.slug,
    actionId: ctx.actionId,
  });
}

/** Sleeps `ms` unless that would pass the deadline, or the caller aborts. */
export async function waitFor(
  config: ResolvedConfig,
  call: Call,
  spec: NamedRequest,
  ms: number,
  what: string,
  onGiveUp: (() => void) | undefined,
): Promise<void> {
  const signal = call.signal as AbortSignal | undefined;
  if (ms >= call.remaining()) {
    onGiveUp?.();
    throw timeoutError(call, spec, `waiting ${Math.ceil(ms)} ms for ${what} would pass it`);
  }
  try {
    await config.sleep(ms, signal);
  } catch {
    // Only an abort rejects the default sleep; handled below.
  }
  if (signal?.aborted === true) {
    onGiveUp?.();
    throw abortError(call, spec, `while waiting for ${what}`);
  }
}

/**
 * Settles when the call's deadline passes or its signal aborts (for waits that are not sleeps);
 * `dispose` removes the timer and listener.
 */
export function callEnded(call: Call): {
  ended: Promise<"timeout" | "aborted">;
  dispose: () => void;
} {
  let dispose = (): void => undefined;
  const ended = new Promise<"timeout" | "aborted">((resolve) => {
    const signal = call.signal;
    if (signal?.aborted === true) {
      resolve("aborted");
      return;
    }
    const onAbort = (): void => resolve("aborted");
    const timer = setTimeout(() => resolve("timeout"), Math.max(0, call.remaining()));
    signal?.addEventListener("abort", onAbort);
    dispose = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
  });
  return { ended, dispose };
}

/** Waits for a per-account slot inside the deadline; the slot is held on return. */
export async function acquireSlot(
  config: ResolvedConfig,
  call: Call,
  spec: NamedRequest,
  key: string,
): Promise<void> {
  const { ended, dispose } = callEnded(call);
  try {
    const granted = await config.gate.wait(
      key,
      ended.then(() => undefined),
    );
    if (granted) return;
    const why = await ended;
    const detail = `while waiting for one of the ${config.gate.limit} request slots of linked account ${key || "(none)"} (maxInFlightPerAccount)`;
    throw why === "aborted"
      ? abortError(call, spec, detail)
      : timeoutError(call, spec, `before the request was sent, ${detail}`);
  } finally {
    dispose();
  }
}
