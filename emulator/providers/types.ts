/** The contract between the execute route and the in-memory fake providers. */
import type { Clock } from "../types.js";

export interface ProviderCall {
  slug: string;
  actionId: string;
  /** The execute request body: one key per parameter, as the schema names them. */
  params: Record<string, unknown>;
  /** This provider's state for this linked account (created by `createState`). */
  state: any;
  now: Clock;
  linkedAccountId: string;
}

/** What the provider answered: its HTTP status and native payload. `status >= 400` is a failure. */
export interface ProviderResult {
  status: number;
  data: unknown;
  /** A failure the provider reports with a 2xx status (Slack's `{ok: false}`). */
  failed?: boolean;
}

export interface Provider {
  createState(): unknown;
  /** Handlers by action id; actions without one fall back to the generic provider. */
  actions: Record<string, (call: ProviderCall) => ProviderResult>;
}

/** A parameter that may be sent as a number or a numeric string (`{"limit": "1"}`). */
export function intParam(value: unknown, fallback: number, max: number): number {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n < 1) return fallback;
  return Math.min(Math.floor(n), max);
}

/** A string parameter ("" and non-strings count as absent). */
export function strParam(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A json parameter that may arrive as an object or as JSON text. */
export function objectParam(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
