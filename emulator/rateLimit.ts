/**
 * Per-linked-account token bucket: the documented limit is 20 requests/s with a burst of 5, shared
 * per linked account. Time comes from the injected clock, so tests exercise 429 without waiting.
 */
import type { Clock } from "./types.js";

export interface RateLimitOptions {
  /** Tokens added per second (default 20). */
  ratePerSecond?: number;
  /** Bucket size (default 5). */
  burst?: number;
  /**
   * Which requests count (default "execute": the documented limit is on API proxy calls; "all"
   * also limits schema discovery, which makes a full catalog fetch take seconds).
   */
  scope?: "execute" | "all";
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly scope: "execute" | "all";
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: Clock,
    options: RateLimitOptions = {},
  ) {
    this.ratePerSecond = options.ratePerSecond ?? 20;
    this.burst = options.burst ?? 5;
    this.scope = options.scope ?? "execute";
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until a token is available. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.ratePerSecond) / 1000);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / this.ratePerSecond);
  }

  reset(): void {
    this.buckets.clear();
  }
}

/** `Retry-After` is delta-seconds (RFC 9110): at least 1 whenever the wait is non-zero. */
export function retryAfterSeconds(waitMs: number): string {
  return String(Math.max(1, Math.ceil(waitMs / 1000)));
}
