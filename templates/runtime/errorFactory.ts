/**
 * One factory from an HTTP error response (status + body) to its `RefoldError` class, like
 * stripe-node's `APIError.generate`: a table of rules, first match wins. Used for execute and
 * session-token mint responses alike.
 */
import {
  RefoldApiError,
  RefoldAuthenticationError,
  RefoldConnectionExpiredError,
  RefoldNotFoundError,
  RefoldRateLimitError,
  RefoldServerError,
  RefoldValidationError,
  type RefoldError,
  type RefoldErrorInit,
} from "./errors.js";
import {
  baseInit,
  bodySnippet,
  isObject,
  looksLikeExpiredConnection,
  notFoundResource,
  parseJson,
  str,
  where,
  type CallContext,
  type Json,
} from "./responseBody.js";
import type { RawResponse } from "./transport.js";

/** What the rules look at, read once from the response. */
interface Signals {
  status: number;
  body: Json | undefined;
  serverCode: string | undefined;
  serverMessage: string | undefined;
  /** `CODE: message` or the content type and first bytes, for messages. */
  detail: string;
  /** `Refold answered HTTP <status> for <slug>/<action> (linked account …)`. */
  prefix: string;
  init: RefoldErrorInit;
  retryAfterMs: number | undefined;
  authMode: CallContext["authMode"];
}

/** Which credential a 401/403 refused (Refold documents session-token support inconsistently). */
function refused(mode: CallContext["authMode"]): string {
  switch (mode) {
    case "apiKey":
      return "the API key was rejected (sent as x-api-key with linked_account_id)";
    case "sessionToken":
      return "the session token was rejected (sent as Authorization: Bearer; if the token is valid, this endpoint may accept only the API key)";
    case "mintedTokens":
      return "the minted session token was rejected (sent as Authorization: Bearer)";
    default:
      return "the API key or session token was rejected";
  }
}

interface Rule {
  when(s: Signals): boolean;
  make(s: Signals): RefoldError;
}

/** Documented answers for an unknown linked account (newer 400, older 500): nothing was executed. */
const NO_LINKED_ACCOUNT = /no linked account found/i;
const INVALID_LINKED_ACCOUNT = "INVALID_LINKED_ACCOUNT_ID";

const RULES: readonly Rule[] = [
  {
    when: (s) =>
      s.serverCode === INVALID_LINKED_ACCOUNT ||
      (s.status >= 400 && NO_LINKED_ACCOUNT.test(s.serverMessage ?? "")),
    make: (s) =>
      new RefoldNotFoundError(`${s.prefix}: linked account not found (${s.detail})`, {
        ...s.init,
        resource: "linked_account",
        mayHaveSucceeded: false,
      }),
  },
  {
    when: (s) => s.body !== undefined && s.status !== 404 && looksLikeExpiredConnection(s.body),
    make: (s) =>
      new RefoldConnectionExpiredError(
        `${s.prefix}: the connection has expired or is not connected; the customer must reconnect (${s.detail})`,
        s.init,
      ),
  },
  {
    when: (s) => s.status === 401 || s.status === 403,
    make: (s) =>
      new RefoldAuthenticationError(`${s.prefix}: ${refused(s.authMode)} (${s.detail})`, s.init),
  },
  {
    when: (s) => s.status === 404,
    make: (s) => {
      const resource = notFoundResource(`${s.serverCode ?? ""} ${s.serverMessage ?? ""}`);
      const what = resource === "linked_account" ? "linked account" : resource;
      return new RefoldNotFoundError(`${s.prefix}: ${what} not found (${s.detail})`, {
        ...s.init,
        resource,
      });
    },
  },
  {
    when: (s) => s.status === 400 || s.status === 422,
    make: (s) => new RefoldValidationError(`${s.prefix}: ${s.serverMessage ?? s.detail}`, s.init),
  },
  {
    when: (s) => s.status === 429,
    make: (s) => {
      const wait = s.retryAfterMs === undefined ? "" : `; retry after ${s.retryAfterMs} ms`;
      return new RefoldRateLimitError(`${s.prefix}: rate limited (${s.detail})${wait}`, {
        ...s.init,
        retryAfterMs: s.retryAfterMs,
      });
    },
  },
  {
    when: (s) => s.status >= 500,
    make: (s) =>
      new RefoldServerError(`${s.prefix} (${s.detail})`, { ...s.init, mayHaveSucceeded: true }),
  },
  {
    when: () => true,
    make: (s) =>
      new RefoldApiError(`${s.prefix} (${s.detail})`, {
        ...s.init,
        mayHaveSucceeded: s.status >= 300,
      }),
  },
];

/** The error for a non-2xx response. */
export function errorFromResponse(
  ctx: CallContext,
  res: RawResponse,
  retryAfterMs: number | undefined,
): RefoldError {
  const parsed = parseJson(res.body);
  const body = parsed.ok && isObject(parsed.value) ? parsed.value : undefined;
  const nested = body !== undefined && isObject(body["error"]) ? body["error"] : undefined;
  const serverCode = str(body?.["error_code"]) ?? str(body?.["error"]) ?? str(nested?.["code"]);
  const serverMessage = str(body?.["message"]) ?? str(nested?.["message"]);
  const detail =
    body !== undefined
      ? `${serverCode ?? "error"}: ${serverMessage ?? bodySnippet(res.body, ctx.secrets)}`
      : `${res.contentType ?? "no content type"} body ${bodySnippet(res.body, ctx.secrets)}`;
  const signals: Signals = {
    status: res.status,
    body,
    serverCode,
    serverMessage,
    detail,
    prefix: `Refold answered HTTP ${res.status} for ${where(ctx)}`,
    init: {
      ...baseInit(ctx, res, str(body?.["request_id"])),
      serverCode,
      httpErrorType: str(body?.["http_error_type"]),
    },
    retryAfterMs,
    authMode: ctx.authMode,
  };
  for (const rule of RULES) if (rule.when(signals)) return rule.make(signals);
  /* c8 ignore next */
  throw new Error("unreachable: the last rule matches everything");
}
