/**
 * Both documented auth modes: `x-api-key` + `linked_account_id`, or `Authorization: Bearer <session
 * token>` (the token carries the linked account). Session tokens are minted by
 * `POST /api/v2/public/session-token` and expire on the injected clock.
 *
 * Refresh is not documented; the emulator accepts `{"refresh_token": "..."}` on the same endpoint
 * and answers a new pair (the old refresh token is spent).
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "./types.js";

export interface SessionTokenPair {
  token: string;
  refresh_token: string;
  /** Seconds. */
  expires_in: number;
  refresh_expires_in: number;
}

export interface SessionTokenOptions {
  /** Access token lifetime in seconds (default 86 400: older docs say 24 h). */
  ttlSeconds?: number;
  /** Refresh token lifetime in seconds (default 30 days). */
  refreshTtlSeconds?: number;
}

interface Grant {
  linkedAccountId: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; linkedAccountId: string }
  | { ok: false; reason: "unknown" | "expired"; linkedAccountId?: string };

export class SessionTokens {
  private readonly tokens = new Map<string, Grant>();
  private readonly refreshTokens = new Map<string, Grant>();
  readonly ttlSeconds: number;
  readonly refreshTtlSeconds: number;

  constructor(
    private readonly now: Clock,
    options: SessionTokenOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.refreshTtlSeconds = options.refreshTtlSeconds ?? 30 * 86_400;
  }

  mint(linkedAccountId: string): SessionTokenPair {
    const token = "st_" + randomBytes(18).toString("base64url");
    const refreshToken = "rt_" + randomBytes(18).toString("base64url");
    const now = this.now();
    this.tokens.set(token, { linkedAccountId, expiresAt: now + this.ttlSeconds * 1000 });
    this.refreshTokens.set(refreshToken, {
      linkedAccountId,
      expiresAt: now + this.refreshTtlSeconds * 1000,
    });
    return {
      token,
      refresh_token: refreshToken,
      expires_in: this.ttlSeconds,
      refresh_expires_in: this.refreshTtlSeconds,
    };
  }

  check(token: string): TokenCheck {
    const grant = this.tokens.get(token);
    if (!grant) return { ok: false, reason: "unknown" };
    if (this.now() >= grant.expiresAt) {
      return { ok: false, reason: "expired", linkedAccountId: grant.linkedAccountId };
    }
    return { ok: true, linkedAccountId: grant.linkedAccountId };
  }

  /** A new pair for a valid refresh token (which is then spent), else the failure reason. */
  refresh(refreshToken: string): SessionTokenPair | "unknown" | "expired" {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) return "unknown";
    this.refreshTokens.delete(refreshToken);
    if (this.now() >= grant.expiresAt) return "expired";
    return this.mint(grant.linkedAccountId);
  }

  /** Makes every issued access token expired (refresh tokens stay valid). */
  expireAll(): void {
    for (const grant of this.tokens.values()) grant.expiresAt = -Infinity;
  }

  /** Forgets every token. */
  revokeAll(): void {
    this.tokens.clear();
    this.refreshTokens.clear();
  }
}
