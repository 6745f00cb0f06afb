/**
 * Credentials for the live source, from the environment only (never flags or config files):
 *   REFOLD_API_KEY        → `x-api-key` + `linked_account_id` (--linked-account / REFOLD_LINKED_ACCOUNT_ID)
 *   REFOLD_SESSION_TOKEN  → `Authorization: Bearer <token>` (the token carries the linked account)
 * The API key wins when both are set and a linked account is given.
 */
import { UsageError } from "../../core/errors.js";

export interface LiveAuth {
  mode: "api-key" | "session-token";
  headers: Record<string, string>;
  /** Values that must never appear in any output. */
  secrets: string[];
  /** What to call the credential in messages. */
  label: "API key" | "Session token";
  /** The variable that holds it. */
  variable: "REFOLD_API_KEY" | "REFOLD_SESSION_TOKEN";
}

/** Printable ASCII without spaces: what an HTTP header value may safely hold. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

export function authFromEnv(env: NodeJS.ProcessEnv, linkedAccountId: string | undefined): LiveAuth {
  const apiKey = env.REFOLD_API_KEY?.trim() || undefined;
  const token = env.REFOLD_SESSION_TOKEN?.trim() || undefined;
  const account = linkedAccountId?.trim() || undefined;
  const secrets = [env.REFOLD_API_KEY, apiKey, env.REFOLD_SESSION_TOKEN, token].filter(
    (s): s is string => !!s,
  );
  if (apiKey && (account || !token)) {
    if (!account)
      throw new UsageError(
        "REFOLD_API_KEY is set but no linked account is: schemas are per linked account. " +
          "Pass --linked-account ID, or set REFOLD_LINKED_ACCOUNT_ID (or linkedAccountId in refold.config.ts).",
      );
    checkHeaderValue(apiKey, "REFOLD_API_KEY");
    if (!HEADER_SAFE.test(account))
      throw new UsageError(
        `The linked account id ${JSON.stringify(account)} cannot be sent as an HTTP header (printable ASCII without spaces only).`,
      );
    return {
      mode: "api-key",
      headers: { "x-api-key": apiKey, linked_account_id: account },
      secrets,
      label: "API key",
      variable: "REFOLD_API_KEY",
    };
  }
  if (token) {
    checkHeaderValue(token, "REFOLD_SESSION_TOKEN");
    return {
      mode: "session-token",
      headers: { authorization: `Bearer ${token}` },
      secrets,
      label: "Session token",
      variable: "REFOLD_SESSION_TOKEN",
    };
  }
  throw new UsageError(
    "The live source needs credentials: set REFOLD_API_KEY (with --linked-account ID or REFOLD_LINKED_ACCOUNT_ID), " +
      "or REFOLD_SESSION_TOKEN, in the environment. To generate from the committed snapshot instead, pass --offline.",
  );
}

function checkHeaderValue(value: string, variable: string): void {
  // The value itself is never echoed.
  if (!HEADER_SAFE.test(value))
    throw new UsageError(
      `${variable} contains characters that cannot be sent in an HTTP header (spaces, control or non-ASCII characters); check its value.`,
    );
}
