/** The session-token mint call (`POST /api/v2/public/session-token`), retried like a read. */
import { mintHeaders } from "./auth.js";
import type { ResolvedConfig } from "./config.js";
import { currentSecrets } from "./config.js";
import { RefoldError, RefoldInvalidResponseError } from "./errors.js";
import { interpretResponse, type CallContext } from "./response.js";
import {
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  type AttemptFailure,
} from "./retryPolicy.js";
import { readMintedToken, type MintedToken } from "./sessionTokens.js";
import { sendAttempt, type TransportFailure } from "./transport.js";
import { failureOf, transportError } from "./transportErrors.js";

const MINT_PATH = "/api/v2/public/session-token";

function safeParse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Mints a token for `account`; throws a `RefoldError` when Refold refuses or is unreachable. */
export async function mintSessionToken(
  config: ResolvedConfig,
  account: string,
): Promise<MintedToken> {
  const call: CallContext = {
    slug: "session-token",
    actionId: "mint",
    linkedAccountId: account,
    get secrets() {
      return currentSecrets(config);
    },
  };
  const scope = { call, timeoutMs: config.timeoutMs, limitBytes: config.maxResponseBytes };
  const deadline = config.now() + config.timeoutMs;
  const headers = mintHeaders(config.apiKey ?? "");
  const body = JSON.stringify({ linked_account_id: account });
  for (let attempt = 1; ; attempt++) {
    let failure: AttemptFailure;
    let error: RefoldError;
    let retryAfterMs: number | undefined;
    try {
      const res = await sendAttempt({
        dispatcher: config.dispatcher,
        origin: config.origin,
        path: `${config.basePath}${MINT_PATH}`,
        method: "POST",
        headers,
        body,
        timeoutMs: Math.max(1, deadline - config.now()),
        maxResponseBytes: config.maxResponseBytes,
        signal: undefined,
      });
      if (res.status >= 200 && res.status < 300) {
        const minted = readMintedToken(safeParse(res.body));
        if (minted !== undefined) return minted;
        throw new RefoldInvalidResponseError(
          `Refold's session-token endpoint answered HTTP ${res.status} (${res.contentType ?? "no content type"}) without a token`,
          {
            status: res.status,
            linkedAccountId: account,
            attempts: attempt,
            requestId: res.requestId,
            contentType: res.contentType,
            secrets: call.secrets,
          },
        );
      }
      if (res.status === 429 || res.status === 503) {
        retryAfterMs = parseRetryAfterMs(res.retryAfter, config.now());
      }
      const outcome = interpretResponse(call, res, false, retryAfterMs);
      if (outcome.ok) return Promise.reject(new Error("unreachable"));
      error = outcome.error;
      failure = { type: "status", status: res.status };
    } catch (caught) {
      if (caught instanceof RefoldError) throw caught;
      const transport = caught as TransportFailure;
      error = transportError(scope, transport);
      failure = failureOf(transport);
    }
    // Minting changes nothing worth protecting: retry it like a read.
    const retry = shouldRetry({
      kind: "read",
      idempotent: true,
      attempt,
      maxRetries: config.retries,
      failure,
    });
    const delay = retry
      ? retryDelayMs(attempt, retryAfterMs, config.random, config.maxRetryAfterMs, config.backoff)
      : 0;
    if (!retry || config.now() + delay >= deadline) throw error.withAttempts(attempt);
    if (delay > 0) await config.sleep(delay);
  }
}
