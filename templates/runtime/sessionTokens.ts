/**
 * Server-side session-token mode (`{ apiKey, sessionTokens: true }`): mints one token per linked
 * account via `POST /api/v2/public/session-token`, caches it, refreshes it shortly before expiry,
 * and lets the executor drop it after a 401 so the next attempt mints a fresh one. Concurrent
 * calls for one account share a single in-flight mint.
 */

/** What the mint endpoint returned, normalized. */
export interface MintedToken {
  token: string;
  /** Lifetime in seconds (`expires_in`), when sent. */
  expiresInSeconds: number | undefined;
}

/** Mints a token for a linked account (performs the HTTP call). */
export type MintToken = (linkedAccountId: string) => Promise<MintedToken>;

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
  private readonly pending = new Map<string, Promise<string>>();
  private readonly mint: MintToken;
  private readonly now: () => number;

  constructor(mint: MintToken, now: () => number) {
    this.mint = mint;
    this.now = now;
  }

  /** The cached token (synchronously, on the hot path) or a promise of a freshly minted one. */
  get(linkedAccountId: string): string | Promise<string> {
    const cached = this.tokens.get(linkedAccountId);
    if (cached !== undefined && cached.refreshAt > this.now()) return cached.token;
    return this.refresh(linkedAccountId);
  }

  /** Drops `token` for the account (after a 401), unless a newer one already replaced it. */
  invalidate(linkedAccountId: string, token: string): void {
    const cached = this.tokens.get(linkedAccountId);
    if (cached !== undefined && cached.token === token) this.tokens.delete(linkedAccountId);
  }

  /** Tokens currently cached (so errors can scrub them). */
  secrets(): string[] {
    const out: string[] = [];
    for (const entry of this.tokens.values()) out.push(entry.token);
    return out;
  }

  clear(): void {
    this.tokens.clear();
  }

  private refresh(linkedAccountId: string): Promise<string> {
    const inFlight = this.pending.get(linkedAccountId);
    if (inFlight !== undefined) return inFlight;
    const promise = this.mint(linkedAccountId).then(
      (minted) => {
        this.pending.delete(linkedAccountId);
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
        this.pending.delete(linkedAccountId);
        throw error;
      },
    );
    this.pending.set(linkedAccountId, promise);
    return promise;
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
