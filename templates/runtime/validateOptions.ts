/**
 * Numeric options checked once, at construction and per call: finite and in range, or a
 * `RefoldConfigurationError` naming the option. `Number(process.env.UNSET)` is NaN, and a NaN
 * `retries` would otherwise remove the retry bound.
 */
import { RefoldConfigurationError, type RefoldErrorInit } from "./errors.js";
import { MAX_RETRIES, MAX_TIMER_MS, type ClientOptions } from "./options.js";
import type { CallOptions } from "./types.js";

interface Range {
  min: number;
  /** Inclusive upper bound. */
  max: number;
  /** `min` itself is allowed (otherwise the value must be greater). */
  minInclusive: boolean;
  integer: boolean;
}

const MS: Range = { min: 0, max: MAX_TIMER_MS, minInclusive: false, integer: false };
const MS_OR_ZERO: Range = { ...MS, minInclusive: true };
const COUNT: Range = { min: 1, max: 1_000_000, minInclusive: true, integer: true };
const RETRIES: Range = { min: 0, max: MAX_RETRIES, minInclusive: true, integer: true };
const BYTES: Range = { min: 0, max: Number.MAX_SAFE_INTEGER, minInclusive: false, integer: false };

function describe(range: Range): string {
  const low = range.minInclusive ? `>= ${range.min}` : `> ${range.min}`;
  return `a finite ${range.integer ? "integer" : "number"} ${low} and <= ${range.max}`;
}

/** Returns `value` (or `fallback` when undefined) after checking it against `range`. */
export function checkNumber(
  name: string,
  value: unknown,
  fallback: number,
  range: Range,
  init?: RefoldErrorInit,
): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (range.minInclusive ? value >= range.min : value > range.min) &&
    value <= range.max &&
    (!range.integer || Number.isInteger(value));
  if (!ok) {
    const shown =
      typeof value === "number" ? String(value) : `${typeof value} ${JSON.stringify(value) ?? ""}`;
    throw new RefoldConfigurationError(`${name} must be ${describe(range)}, got ${shown}`, init);
  }
  return value as number;
}

/** Checks every numeric client option; throws on the first bad one. */
export function validateClientOptions(options: ClientOptions): void {
  const o = options;
  checkNumber("timeoutMs", o.timeoutMs, 1, MS);
  checkNumber("attemptTimeoutMs", o.attemptTimeoutMs, 1, MS);
  checkNumber("minWriteBudgetMs", o.minWriteBudgetMs, 0, MS_OR_ZERO);
  checkNumber("retries", o.retries, 0, RETRIES);
  checkNumber("maxRetryAfterMs", o.maxRetryAfterMs, 0, MS_OR_ZERO);
  checkNumber("maxResponseBytes", o.maxResponseBytes, 1, BYTES);
  checkNumber("connections", o.connections, 1, COUNT);
  checkNumber("connectTimeoutMs", o.connectTimeoutMs, 1, MS);
  checkNumber("keepAliveTimeoutMs", o.keepAliveTimeoutMs, 1, MS);
  checkNumber("maxInFlightPerAccount", o.maxInFlightPerAccount, 1, COUNT);
  if (o.backoff !== undefined) {
    checkNumber("backoff.baseDelayMs", o.backoff.baseDelayMs, 0, MS_OR_ZERO);
    checkNumber("backoff.maxDelayMs", o.backoff.maxDelayMs, 0, MS_OR_ZERO);
  }
  if (o.rateLimit !== undefined && o.rateLimit !== false) {
    checkNumber("rateLimit.requestsPerSecond", o.rateLimit.requestsPerSecond, 1, {
      ...BYTES,
      max: 1_000_000,
    });
    checkNumber("rateLimit.burst", o.rateLimit.burst, 1, { ...COUNT, integer: false });
  }
}

/** Checks a call's numeric options; errors carry the call's context. */
export function validateCallOptions(options: CallOptions, init: RefoldErrorInit): void {
  checkNumber("timeoutMs", options.timeoutMs, 1, MS, init);
  checkNumber("retries", options.retries, 0, RETRIES, init);
}
