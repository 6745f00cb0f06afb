/**
 * Request headers per linked account, built once and cached (the hot path reuses the same frozen
 * object), in the three auth modes: API key, static session token, minted session tokens.
 */
import { redactHeaders } from "./redact.js";
import type { SessionTokenCache } from "./sessionTokens.js";

export type AuthMode = "apiKey" | "sessionToken" | "mintedTokens";

/** Headers of one account, plus their redacted copy for hooks (built on first use). */
export class HeaderEntry {
  readonly headers: Readonly<Record<string, string>>;
  /** The bearer token in use, in session-token modes. */
  readonly token: string | undefined;
  private redactedCopy: Readonly<Record<string, string>> | undefined;
  constructor(headers: Readonly<Record<string, string>>, token: string | undefined) {
    this.headers = headers;
    this.token = token;
  }
  get redacted(): Readonly<Record<string, string>> {
    this.redactedCopy ??= Object.freeze(redactHeaders(this.headers));
    return this.redactedCopy;
  }
}

/** Cached entries beyond this many accounts are dropped (they are cheap to rebuild). */
const MAX_CACHED_ACCOUNTS = 10_000;

export class AuthHeaders {
  private readonly byAccount = new Map<string, HeaderEntry>();
  private readonly sessionEntry: HeaderEntry | undefined;
  private mintCopy: HeaderEntry | undefined;
  readonly mode: AuthMode;
  private readonly apiKey: string | undefined;
  private readonly tokens: SessionTokenCache | undefined;

  constructor(
    mode: AuthMode,
    apiKey: string | undefined,
    sessionToken: string | undefined,
    tokens: SessionTokenCache | undefined,
  ) {
    this.mode = mode;
    this.apiKey = apiKey;
    this.tokens = tokens;
    this.sessionEntry =
      mode === "sessionToken" && sessionToken !== undefined ? bearerEntry(sessionToken) : undefined;
  }

  /** True when a linked account id is required on every call. */
  get needsAccount(): boolean {
    return this.mode !== "sessionToken";
  }

  /**
   * Headers for `account`, or `undefined` when a session token must be minted first (then
   * `withToken` builds them).
   */
  get(account: string | undefined): HeaderEntry | undefined {
    if (this.sessionEntry !== undefined) return this.sessionEntry;
    const key = account ?? "";
    const cached = this.byAccount.get(key);
    if (this.mode === "apiKey")
      return cached ?? this.store(key, apiKeyEntry(this.apiKey ?? "", key));
    const token = this.tokens!.cached(key);
    if (token === undefined) return undefined;
    return cached !== undefined && cached.token === token
      ? cached
      : this.store(key, bearerEntry(token));
  }

  /** Headers carrying a freshly minted `token` for `account`. */
  withToken(account: string | undefined, token: string): HeaderEntry {
    const key = account ?? "";
    const cached = this.byAccount.get(key);
    return cached !== undefined && cached.token === token
      ? cached
      : this.store(key, bearerEntry(token));
  }

  /** Headers of the session-token mint call (API key only). */
  mintEntry(): HeaderEntry {
    this.mintCopy ??= new HeaderEntry(Object.freeze(mintHeaders(this.apiKey ?? "")), undefined);
    return this.mintCopy;
  }

  /** Drops the minted token after a 401 so the next `get` mints a new one. */
  invalidate(account: string | undefined, entry: HeaderEntry): void {
    if (this.tokens !== undefined && entry.token !== undefined) {
      this.tokens.invalidate(account ?? "", entry.token);
    }
  }

  private store(key: string, entry: HeaderEntry): HeaderEntry {
    if (this.byAccount.size >= MAX_CACHED_ACCOUNTS) this.byAccount.clear();
    this.byAccount.set(key, entry);
    return entry;
  }
}

const CONTENT_TYPE = "application/json";

function apiKeyEntry(apiKey: string, account: string): HeaderEntry {
  return new HeaderEntry(
    Object.freeze({
      "x-api-key": apiKey,
      linked_account_id: account,
      "content-type": CONTENT_TYPE,
      accept: CONTENT_TYPE,
    }),
    undefined,
  );
}

function bearerEntry(token: string): HeaderEntry {
  return new HeaderEntry(
    Object.freeze({
      authorization: `Bearer ${token}`,
      "content-type": CONTENT_TYPE,
      accept: CONTENT_TYPE,
    }),
    token,
  );
}

/** Headers of the session-token mint call (API key only). */
export function mintHeaders(apiKey: string): Record<string, string> {
  return { "x-api-key": apiKey, "content-type": CONTENT_TYPE, accept: CONTENT_TYPE };
}
