/**
 * Session tokens for a call (`{ apiKey, sessionTokens: true }`): the mint request
 * (`POST /api/v2/public/session-token`) runs through the one attempt loop, inside the deadline and
 * signal of the call that needs the token, and its failure is reported as the call's error (same
 * class, the mint's error as `cause`, `mayHaveSucceeded` only from the execute's own attempts).
 */
import { runAttempts } from "./attempts.js";
import { abortError, callEnded, timeoutError } from "./callWaits.js";
import type { Call } from "./call.js";
import type { ResolvedConfig } from "./config.js";
import { RefoldInvalidResponseError, isRefoldError, rebrand } from "./errors.js";
import { errorFromResponse } from "./errorFactory.js";
import { baseInit, parseJson, type CallContext } from "./responseBody.js";
import { readMintedToken, type MintedToken } from "./sessionTokens.js";

const MINT_PATH = "/api/v2/public/session-token";

/** Mints a token for `account` on behalf of `call`; rejects with the mint's own error. */
function mint(config: ResolvedConfig, call: Call, account: string): Promise<MintedToken> {
  const ctx: CallContext = {
    slug: "session-token",
    actionId: "mint",
    linkedAccountId: account,
    authMode: "apiKey",
    get secrets() {
      return call.secrets;
    },
  };
  const headers = config.auth.mintEntry();
  return runAttempts(config, call, {
    purpose: "session-token",
    path: `${config.basePath}${MINT_PATH}`,
    body: JSON.stringify({ linked_account_id: account }),
    // Minting changes nothing worth protecting: it is retried like a read.
    safeToRepeat: true,
    ctx,
    headers: () => headers,
    interpret: (res, retryAfterMs) => {
      if (res.status < 200 || res.status >= 300) {
        return { ok: false, error: errorFromResponse(ctx, res, retryAfterMs), retryAfterMs };
      }
      const parsed = parseJson(res.body);
      const minted = parsed.ok ? readMintedToken(parsed.value) : undefined;
      if (minted !== undefined) {
        call.addSecret(minted.token);
        return { ok: true, value: minted };
      }
      const error = new RefoldInvalidResponseError(
        `Refold's session-token endpoint answered HTTP ${res.status} (${res.contentType ?? "no content type"}) without a token`,
        { ...baseInit(ctx, res), contentType: res.contentType, mayHaveSucceeded: false },
      );
      return { ok: false, error, retryAfterMs: undefined };
    },
  }) as Promise<MintedToken>;
}

/**
 * A fresh session token for `account`. Concurrent calls share one mint; a call waiting for
 * another call's mint still ends at its own deadline or abort, and mints again itself when that
 * other call gave up.
 */
export async function sessionTokenFor(
  config: ResolvedConfig,
  call: Call,
  account: string | undefined,
): Promise<string> {
  const tokens = config.tokens!;
  const key = account ?? "";
  try {
    for (;;) {
      const shared = tokens.pending(key);
      if (shared === undefined) {
        const token = await tokens.track(key, mint(config, call, key));
        call.addSecret(token);
        return token;
      }
      const { ended, dispose } = callEnded(call);
      try {
        const outcome = await Promise.race([
          shared.then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          ),
          ended,
        ]);
        if (outcome === "aborted")
          throw abortError(call, undefined, "while waiting for a session token");
        if (outcome === "timeout") {
          throw timeoutError(
            call,
            undefined,
            "before the request was sent, while waiting for a session token",
          );
        }
        if ("token" in outcome) {
          call.addSecret(outcome.token);
          return outcome.token;
        }
        const theirs = outcome.error;
        // The other call's deadline or signal ended its mint; ours may still have time.
        const stoppedByThem =
          isRefoldError(theirs) && (theirs.code === "timeout" || theirs.code === "aborted");
        if (!stoppedByThem) throw theirs;
      } finally {
        dispose();
      }
    }
  } catch (error) {
    if (!isRefoldError(error) || error.slug !== "session-token") throw error;
    throw rebrand(
      error,
      `Refold call ${call.slug}/${call.actionId} could not get a session token for linked account ${key}: ${error.message}`,
      { ...call.errorInit(), attempts: call.attempts },
    );
  }
}
