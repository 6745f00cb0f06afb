/**
 * Catalog loading and the per-account catalog store.
 *
 * The base catalog is the committed snapshot (`generated/schemas/*.json`): it is linked account
 * `acme`'s catalog. Other accounts derive theirs from it (see accounts.ts). Objects are served exactly
 * as loaded, so re-serializing what the emulator serves reproduces each snapshot file byte for byte.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AccountSpec, CatalogAction, CatalogApp, CatalogField } from "./types.js";

/** `<repo>/generated/schemas`, resolved from this file so the working directory does not matter. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL("../generated/schemas/", import.meta.url));

export function loadCatalogDir(dir: string): CatalogApp[] {
  if (!existsSync(dir)) {
    throw new Error(
      `emulator: no catalog directory at ${dir} (pass --catalog DIR / options.catalogDir)`,
    );
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) throw new Error(`emulator: no *.json app files in ${dir}`);
  return files.map((name) => {
    const file = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`emulator: ${file} is not valid JSON: ${(error as Error).message}`);
    }
    return checkApp(parsed, file);
  });
}

/** Validates the minimal shape the emulator relies on; everything else is served as is. */
export function checkApp(value: unknown, where: string): CatalogApp {
  const v = value as CatalogApp;
  if (!v || typeof v !== "object" || !v.app || typeof v.app !== "object") {
    throw new Error(`emulator: ${where}: expected {app, actions}`);
  }
  if (typeof v.app.slug !== "string")
    throw new Error(`emulator: ${where}: app.slug must be a string`);
  if (!Array.isArray(v.actions)) throw new Error(`emulator: ${where}: actions must be an array`);
  for (const action of v.actions) {
    if (!action || typeof action.action_id !== "string") {
      throw new Error(`emulator: ${where}: every action needs a string action_id`);
    }
  }
  return v;
}

/** Apps in a deterministic order: by slug, code-unit order. */
export function sortApps(apps: CatalogApp[]): CatalogApp[] {
  return [...apps].sort((a, b) => (a.app.slug < b.app.slug ? -1 : a.app.slug > b.app.slug ? 1 : 0));
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The list item of an action: the snapshot action without `parameters`. */
export function listItem(action: CatalogAction): Record<string, unknown> {
  const { parameters: _omitted, ...item } = action;
  return item;
}

export function fieldsOf(action: CatalogAction): CatalogField[] {
  return Array.isArray(action.parameters) ? action.parameters : [];
}

/** Base catalog plus per-account derivations, cached until something changes. */
export class CatalogStore {
  private base: CatalogApp[];
  private readonly original: CatalogApp[];
  private readonly overrides = new Map<string, CatalogApp[]>();
  private readonly cache = new Map<string, CatalogApp[]>();

  constructor(
    base: CatalogApp[],
    private readonly accounts: Map<string, AccountSpec>,
  ) {
    this.original = clone(base);
    this.base = clone(base);
  }

  /** The catalog an account sees (shared objects: do not mutate; use `update`). */
  forAccount(accountId: string): CatalogApp[] {
    let apps = this.cache.get(accountId);
    if (!apps) {
      const override = this.overrides.get(accountId);
      const spec = this.accounts.get(accountId);
      const derived = override
        ? clone(override)
        : spec?.catalog
          ? spec.catalog(clone(this.base))
          : clone(this.base);
      apps = sortApps(derived);
      this.cache.set(accountId, apps);
    }
    return apps;
  }

  findApp(accountId: string, slug: string): CatalogApp | undefined {
    return this.forAccount(accountId).find((entry) => entry.app.slug === slug);
  }

  /**
   * Changes the catalog. Without `accountId` the base changes (every account derived from it sees
   * the change); with one, that account gets a pinned copy of its current catalog, changed.
   */
  update(fn: (apps: CatalogApp[]) => CatalogApp[] | void, accountId?: string): void {
    if (accountId === undefined) {
      const draft = clone(this.base);
      this.base = (fn(draft) ?? draft).map((app, i) => checkApp(app, `catalog app #${i}`));
    } else {
      const draft = clone(this.forAccount(accountId));
      const next = fn(draft) ?? draft;
      this.overrides.set(
        accountId,
        next.map((app, i) => checkApp(app, `catalog app #${i}`)),
      );
    }
    this.cache.clear();
  }

  reset(): void {
    this.base = clone(this.original);
    this.overrides.clear();
    this.cache.clear();
  }
}
