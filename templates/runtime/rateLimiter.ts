/**
 * Client-side token bucket per linked account (Refold documents 20 requests/s, burst 5, per
 * account), so a burst of calls for one customer queues instead of collecting 429s.
 *
 * Reservation style: `reserve` takes a token immediately, possibly going negative, and returns how
 * long the caller must wait. Waiters are served in arrival order without a queue or timers here.
 */

export interface RateLimitOptions {
  /** Sustained rate per linked account (default 20). */
  requestsPerSecond?: number | undefined;
  /** Bucket size: calls allowed at once before queueing (default 5). */
  burst?: number | undefined;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets idle long enough to be full again are dropped every this many reservations. */
const SWEEP_EVERY = 4096;

export class RateLimiter {
  readonly requestsPerSecond: number;
  readonly burst: number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private reservations = 0;
  private readonly now: () => number;

  constructor(options: RateLimitOptions, now: () => number) {
    this.now = now;
    const rate = options.requestsPerSecond ?? 20;
    const burst = options.burst ?? 5;
    if (!(rate > 0) || !Number.isFinite(rate)) {
      throw new RangeError("rateLimit.requestsPerSecond must be a positive number");
    }
    if (!(burst >= 1) || !Number.isFinite(burst)) {
      throw new RangeError("rateLimit.burst must be a number >= 1");
    }
    this.requestsPerSecond = rate;
    this.burst = burst;
    this.perMs = rate / 1000;
  }

  /** Takes one token for `key`; returns the milliseconds to wait before sending (0 = now). */
  reserve(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
      if (++this.reservations % SWEEP_EVERY === 0) this.sweep(now);
    } else {
      this.refill(bucket, now);
    }
    bucket.tokens -= 1;
    return bucket.tokens >= 0 ? 0 : -bucket.tokens / this.perMs;
  }

  /** Gives back a token whose wait was abandoned (deadline or abort). */
  cancel(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket !== undefined) bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
  }

  /** Number of tracked accounts (for tests and diagnostics). */
  get size(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): void {
    const elapsed = now - bucket.updatedAt;
    if (elapsed > 0) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.perMs);
      bucket.updatedAt = now;
    }
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket, now);
      if (bucket.tokens >= this.burst) this.buckets.delete(key);
    }
  }
}
