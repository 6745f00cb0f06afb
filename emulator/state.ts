/** Everything one emulator instance holds: catalog, accounts, credentials, limits, provider state. */
import { SessionTokens, type SessionTokenOptions } from "./auth.js";
import { CatalogStore } from "./catalog.js";
import { ProviderStates } from "./providers/index.js";
import { RateLimiter, type RateLimitOptions } from "./rateLimit.js";
import type {
  AccountSpec,
  CatalogApp,
  Clock,
  ConnectionStatus,
  EmulatorSettings,
} from "./types.js";

export const DEFAULT_API_KEY = "tk_emulator_test_key";
/** A key the emulator knows but refuses with 403 (a revoked key), to exercise the 403 path. */
export const DEFAULT_REVOKED_KEY = "tk_emulator_revoked_key";

export interface StateOptions {
  catalog: CatalogApp[];
  accounts: Record<string, AccountSpec>;
  apiKeys: string[];
  revokedKeys: string[];
  now: Clock;
  sessionTokens?: SessionTokenOptions;
  rateLimit?: RateLimitOptions | false;
  settings: EmulatorSettings;
  defaultApp?: string;
}

export class EmulatorState {
  readonly accounts: Map<string, AccountSpec>;
  readonly catalog: CatalogStore;
  readonly apiKeys: Set<string>;
  readonly revokedKeys: Set<string>;
  readonly tokens: SessionTokens;
  readonly limiter: RateLimiter | undefined;
  readonly providers = new ProviderStates();
  readonly now: Clock;
  /** Live: the server hands this same object out as `Emulator.settings`. */
  readonly settings: EmulatorSettings;
  /** The org's default app (API proxies), excluded from the app list. */
  readonly defaultApp: string | undefined;
  /** Runtime connection overrides: account → slug → status (null = not connected). */
  private readonly connections = new Map<string, Map<string, ConnectionStatus | null>>();

  constructor(options: StateOptions) {
    this.accounts = new Map(Object.entries(options.accounts));
    this.catalog = new CatalogStore(options.catalog, this.accounts);
    this.apiKeys = new Set(options.apiKeys);
    this.revokedKeys = new Set(options.revokedKeys);
    this.now = options.now;
    this.tokens = new SessionTokens(options.now, options.sessionTokens);
    this.limiter =
      options.rateLimit === false ? undefined : new RateLimiter(options.now, options.rateLimit);
    this.settings = options.settings;
    this.defaultApp = options.defaultApp;
  }

  hasAccount(id: string): boolean {
    return this.accounts.has(id);
  }

  connection(accountId: string, slug: string): ConnectionStatus | null {
    const override = this.connections.get(accountId);
    if (override?.has(slug)) return override.get(slug)!;
    const spec = this.accounts.get(accountId);
    if (spec?.connections && Object.hasOwn(spec.connections, slug))
      return spec.connections[slug] ?? null;
    return spec?.defaultConnection === undefined ? "active" : spec.defaultConnection;
  }

  setConnection(accountId: string, slug: string, status: ConnectionStatus | null): void {
    let map = this.connections.get(accountId);
    if (!map) this.connections.set(accountId, (map = new Map()));
    map.set(slug, status);
  }

  /** Forgets provider data, tokens, rate-limit buckets, catalog changes and connection overrides. */
  reset(): void {
    this.providers.reset();
    this.tokens.revokeAll();
    this.limiter?.reset();
    this.catalog.reset();
    this.connections.clear();
  }
}
