/**
 * The package's public entry (`import { defineConfig } from "refold-gen"`). CommonJS source, so
 * one file serves `require` and, through `index.ts`, `import`; it imports nothing at run time.
 */

import type { ActionKind } from "./model.js" with { "resolution-mode": "import" };

export type { ActionKind };

export interface RefoldConfig {
  /** App slugs to generate: the catalog's scope. Default: every app of the catalog. */
  apps?: string[];
  /** Output directory. Default `"generated"`. */
  out?: string;
  /** API base URL for the live source. Default `REFOLD_BASE_URL` or `"https://app.refold.ai"`. Never starts a live fetch by itself: only credentials do. */
  baseUrl?: string;
  /** Linked account whose schemas are fetched. Default `REFOLD_LINKED_ACCOUNT_ID`. */
  linkedAccountId?: string;
  /** Parallel schema requests for the live source. Default 8. */
  concurrency?: number;
  /** Per-request timeout of the live source, in ms. Default 15 000. */
  requestTimeoutMs?: number;
  /** Attempts per schema request of the live source (first + retries). Default 4. */
  attempts?: number;
  /** Deadline for the whole live fetch, in ms. Default 300 000. */
  deadlineMs?: number;
  /** Read/write classification overrides, by `"slug/action_id"`. Default none (classified from the action id's verb). */
  kinds?: Record<string, ActionKind>;
  /** Turn warnings into a failed run. Default false. */
  strict?: boolean;
  /** Worker threads for per-app work. Default: CPUs, at most 4. */
  workers?: number;
  /**
   * Slug of the org's default app, which holds its API proxies (custom actions); shown in the
   * Console's developer settings. The app list omits it, so it is fetched by slug. Default none.
   */
  defaultApp?: string;
  /** Pacing of every live-fetch request. Default `{ requestsPerSecond: 20, burst: 5 }` (the documented limit); `false` = unpaced. */
  rateLimit?: { requestsPerSecond?: number; burst?: number } | false;
}

/** Identity function that gives the config file its types. */
export declare function defineConfig(config: RefoldConfig): RefoldConfig;
// `export function` is not allowed in a CommonJS file under verbatimModuleSyntax; this is the same.
exports.defineConfig = (config: RefoldConfig): RefoldConfig => config;
