/**
 * Server-side session-token mode (`{ apiKey, sessionTokens: true }`): mints one token per linked
 * account via `POST /api/v2/public/session-token` (the executor makes the call, inside the
 * deadline of the call that needs the token), caches it, refreshes it shortly before expiry, and
 * lets the executor drop it after a 401 so the next attempt mints a fresh one. Concurrent calls
 * for one account share a single in-flight mint.
 */

/** What the mint endpoint returned, normalized. */
export interface MintedToken {
  token: string;
  /** Lifetime in seconds (`expires_in`), when sent. */
  expiresInSeconds: number | undefined;
}

interface CachedToken {
  token: string;
  /** Use until this time (already includes the refresh margin). */
  refreshAt: number;
}

/** Lifetime assumed when the service sends no `expires_in` (conservative: 1 hour). */
const DEFAULT_TTL_SECONDS = 3_600;
/** Refresh this long before expiry, at most (or 10% of the lifetime when shorter). */
const MAX_REFRESH_MARGIN_MS = 60_000;
/** Expired entries are swept when the cache grows past this many accounts. */
const SWEEP_THRESHOLD = 10_000;

export class SessionTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  /** The cached token while it is fresh (synchronous: the hot path). */
  cached(linkedAccountId: string): string | undefined {
    const entry = this.tokens.get(linkedAccountId);
    return entry !== undefined && entry.refreshAt > this.now() ? entry.token : undefined;
  }

  /** The mint in flight for the account, shared by every call that needs its token. */
  pending(linkedAccountId: string): Promise<string> | undefined {
    return this.inFlight.get(linkedAccountId);
  }

  /** Shares `mint` with other callers until it settles, and caches its token. */
  track(linkedAccountId: string, mint: Promise<MintedToken>): Promise<string> {
    const promise = mint.then(
      (minted) => {
        if (this.inFlight.get(linkedAccountId) === promise) this.inFlight.delete(linkedAccountId);
        const ttlMs = (minted.expiresInSeconds ?? DEFAULT_TTL_SECONDS) * 1000;
        const margin = Math.min(MAX_REFRESH_MARGIN_MS, ttlMs * 0.1);
        if (this.tokens.size >= SWEEP_THRESHOLD) this.sweep();
        this.tokens.set(linkedAccountId, {
          token: minted.token,
          refreshAt: this.now() + ttlMs - margin,
        });
        return minted.token;
      },
      (error: unknown) => {
        if (this.inFlight.get(linkedAccountId) === promise) this.inFlight.delete(linkedAccountId);
        throw error;
      },
    );
    this.inFlight.set(linkedAccountId, promise);
    return promise;
  }

  /** Drops `token` for the account (after a 401), unless a newer one already replaced it. */
  invalidate(linkedAccountId: string, token: string): void {
    const cached = this.tokens.get(linkedAccountId);
    if (cached !== undefined && cached.token === token) this.tokens.delete(linkedAccountId);
  }

  clear(): void {
    this.tokens.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.tokens) if (entry.refreshAt <= now) this.tokens.delete(key);
  }
}

/** Normalizes the mint endpoint's JSON (`{token, expires_in, ...}`), or `undefined` when unusable. */
export function readMintedToken(body: unknown): MintedToken | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const source =
    typeof record["data"] === "object" &&
    record["data"] !== null &&
    typeof record["token"] !== "string"
      ? (record["data"] as Record<string, unknown>)
      : record;
  const token = source["token"];
  if (typeof token !== "string" || token === "") return undefined;
  const raw = source["expires_in"];
  const seconds = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw) : NaN;
  return {
    token,
    expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined,
  };
}
