/**
 * Resolved generator options. Each option is documented once, here, with its default; the config
 * file (`refold.config.ts`) and CLI flags both produce these.
 */
import type { ActionKind } from "./model.js";

export interface GenerateOptions {
  /** Output directory, owned by refold-gen. Default `generated`. */
  out: string;
  /** The catalog's scope: only these app slugs (default: every app of the catalog). Config `apps`. */
  apps?: string[];
  /**
   * Live source: fetch only these apps in this run (`--apps`); the other apps in scope keep their
   * snapshot in `<out>/schemas`. Not part of the output's identity, so `--check` ignores it.
   */
  refresh?: string[];
  /** Use only the snapshot, never the network. Default: true unless `REFOLD_API_KEY` or `REFOLD_SESSION_TOKEN` is set. */
  offline: boolean;
  /** Snapshot to read offline. Default `<out>/schemas`, or the catalog shipped with refold-gen if that is missing. */
  snapshotDir?: string;
  /** Read/write overrides by `"slug/action_id"`, e.g. `{ "hubspot/search_contacts": "read" }`. Default none. */
  kinds: Record<string, ActionKind>;
  /** `write` (default), `check` (exit 1 on drift, write nothing) or `dry-run` (print changes, write nothing). */
  mode: "write" | "check" | "dry-run";
  /** Turn warnings into a failed run. Default false. */
  strict: boolean;
  /** Also write `docs/<app>.md`, one reference page per app (`--docs`). Default false. */
  docs?: boolean;
  /** Reuse unchanged apps' modules from the previous output. Default true. */
  cache: boolean;
  /** Worker threads for per-app work. Default: number of CPUs, at most 4 (1 = in this thread). */
  workers?: number;
  /** Live source: API base URL. Default `REFOLD_BASE_URL` or `https://app.refold.ai`. */
  baseUrl: string;
  /** Live source: linked account whose schemas are fetched. Default `REFOLD_LINKED_ACCOUNT_ID`. */
  linkedAccountId?: string;
  /** Live source: parallel schema requests. Default 8. */
  concurrency: number;
  /** Live source: per-request timeout in ms. Default 15 000. */
  requestTimeoutMs: number;
  /** Live source: attempts per request (first + retries). Default 4. */
  attempts: number;
  /** Live source: deadline for the whole fetch in ms. Default 300 000. */
  deadlineMs: number;
  /**
   * Slug of the org's default app, which holds its API proxies (custom actions). The app list
   * omits it, so it is fetched by slug. Default none.
   */
  defaultApp?: string;
  /** Live source: pacing of every request (the documented limit). Default 20/s, burst 5; `false` = unpaced. */
  rateLimit: { requestsPerSecond: number; burst: number } | false;
}

export const DEFAULT_BASE_URL = "https://app.refold.ai";

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): GenerateOptions {
  return {
    out: "generated",
    offline: !(env.REFOLD_API_KEY || env.REFOLD_SESSION_TOKEN),
    kinds: {},
    mode: "write",
    strict: false,
    cache: true,
    baseUrl: env.REFOLD_BASE_URL || DEFAULT_BASE_URL,
    linkedAccountId: env.REFOLD_LINKED_ACCOUNT_ID || undefined,
    concurrency: 8,
    requestTimeoutMs: 15_000,
    attempts: 4,
    deadlineMs: 300_000,
    rateLimit: { requestsPerSecond: 20, burst: 5 },
  };
}
