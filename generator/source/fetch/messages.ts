/**
 * One-paragraph messages for live-source failures: what was asked, what arrived, what to do.
 * Inputs are already redacted and printable (http.ts); nothing secret is passed in here.
 */
import { quoted } from "../../core/diagnostics.js";
import { GenerationError } from "../../core/errors.js";
import type { FailureInfo } from "./http.js";

export interface RequestContext {
  endpoint: "list-apps" | "get-app" | "list-actions" | "get-action";
  slug?: string;
  actionId?: string;
  /** The app is not in the app list (the default app, or a `--apps` slug the list lacks). */
  unlisted?: boolean;
}

export interface MessageContext {
  /** "API key" or "Session token". */
  credential: string;
  variable: string;
  linkedAccountId?: string;
}

const NOTHING_WRITTEN = "Nothing was written; the previous output is unchanged.";

const NETWORK_TEXT: Record<string, string> = {
  ECONNRESET: "the connection was reset",
  ECONNREFUSED: "the connection was refused (is the server running?)",
  UND_ERR_SOCKET: "the server closed the connection before the response was complete",
  UND_ERR_CLOSED: "the connection was closed",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved right now",
  UND_ERR_CONNECT_TIMEOUT: "connecting timed out",
  EPIPE: "the connection broke while sending",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `HTTP 404 from GET <url>: "message" (request_id …)` */
function answered(info: FailureInfo): string {
  const parts = [`HTTP ${info.status} from GET ${info.url}`];
  if (info.serverMessage) parts.push(`: ${quoted(info.serverMessage)}`);
  else if (info.preview !== undefined)
    parts.push(`: content type ${info.contentType}, body starts ${quoted(info.preview)}`);
  if (info.requestId) parts.push(` (request_id ${info.requestId})`);
  return parts.join("");
}

const looksHtml = (info: FailureInfo) =>
  /html/i.test(info.contentType ?? "") || /^\s*</.test(info.preview ?? "");

export function failureError(
  info: FailureInfo,
  request: RequestContext,
  ctx: MessageContext,
): GenerationError {
  const make = (code: string, text: string) =>
    new GenerationError(code, `${text} ${NOTHING_WRITTEN}`);
  const tries = info.attempts > 1 ? ` after ${plural(info.attempts, "attempt")}` : "";
  switch (info.kind) {
    case "status":
      return statusError(info, request, ctx, make, tries);
    case "timeout":
      return make(
        "SOURCE_TIMEOUT",
        `GET ${info.url} did not answer within ${info.timeoutMs} ms (${plural(info.attempts, "attempt")}); the server may be hanging or overloaded. Try again later, or raise requestTimeoutMs in refold.config.ts.`,
      );
    case "deadline":
      return make(
        "SOURCE_DEADLINE",
        `The live fetch did not finish within its deadline of ${Math.round((info.deadlineMs ?? 0) / 1000)} s (last request: GET ${info.url}${info.status ? `, HTTP ${info.status}` : ""}); the server is too slow or keeps failing. Try again later, or fetch fewer apps with --apps.`,
      );
    case "network":
      return make(
        "SOURCE_NETWORK",
        `GET ${info.url} failed${tries}: ${NETWORK_TEXT[info.code ?? ""] ?? "network error"} (${info.code ? `${info.code}: ` : ""}${info.detail}). Check that the base URL is right and the server reachable, and try again.`,
      );
    case "not-json": {
      const what = looksHtml(info)
        ? "an HTML page instead of JSON (often a proxy or gateway error page)"
        : /json/i.test(info.contentType ?? "")
          ? "truncated or invalid JSON"
          : "a body that is not JSON";
      return make(
        "SOURCE_INVALID_RESPONSE",
        `GET ${info.url} answered HTTP ${info.status} with ${what}: content type ${info.contentType}, ${plural(info.bodyBytes ?? 0, "byte")}, body starts ${quoted(info.preview)}.`,
      );
    }
    case "too-large":
      return make(
        "SOURCE_INVALID_RESPONSE",
        `GET ${info.url} answered a body larger than 64 MiB; refusing to read it.`,
      );
    case "aborted":
      return make("SOURCE_ABORTED", `GET ${info.url} was cancelled.`);
  }
}

function statusError(
  info: FailureInfo,
  request: RequestContext,
  ctx: MessageContext,
  make: (code: string, text: string) => GenerationError,
  tries: string,
): GenerationError {
  const status = info.status ?? 0;
  if (status === 401 || status === 403)
    return make(
      "SOURCE_AUTH",
      `${ctx.credential} rejected (${answered(info)}). Check ${ctx.variable}: it must be a valid, unrevoked credential of this Refold environment${ctx.variable === "REFOLD_API_KEY" ? " (production keys start with pk, test keys with tk)" : " and not expired"}.`,
    );
  if (status === 404) {
    if (/linked.?account/i.test(info.serverMessage ?? ""))
      return make(
        "SOURCE_UNKNOWN_ACCOUNT",
        `Linked account ${quoted(ctx.linkedAccountId ?? "")} was not found (${answered(info)}). Check --linked-account or REFOLD_LINKED_ACCOUNT_ID.`,
      );
    if (request.endpoint === "get-app" || request.endpoint === "list-actions")
      return make(
        "SOURCE_UNKNOWN_APP",
        request.unlisted
          ? `Unknown app slug ${quoted(request.slug)}: it is not in the app list, and its action list answered 404 (${answered(info)}). Check --apps, --default-app, or apps / defaultApp in refold.config.ts (the default app's slug is shown in the Console's developer settings).`
          : `Unknown app slug ${quoted(request.slug)}: the API has no such app for this linked account (${answered(info)}). Check --apps or apps in refold.config.ts.`,
      );
    if (request.endpoint === "get-action")
      return make(
        "SOURCE_UNKNOWN_ACTION",
        `Action ${quoted(`${request.slug}/${request.actionId}`)} is in the app's action list but its schema was not found (${answered(info)}); the catalog may have changed during the fetch. Run again.`,
      );
    return make(
      "SOURCE_HTTP_ERROR",
      `The app list was not found (${answered(info)}). Check the base URL (--base-url or REFOLD_BASE_URL): it should be the Refold host, e.g. https://app.refold.ai.`,
    );
  }
  if (looksHtml(info) && !info.serverMessage)
    return make(
      "SOURCE_HTTP_ERROR",
      `GET ${info.url} answered HTTP ${status}${tries} with an HTML page instead of JSON (often a proxy or gateway error page): content type ${info.contentType}, body starts ${quoted(info.preview)}.`,
    );
  if (status >= 300 && status < 400)
    return make(
      "SOURCE_HTTP_ERROR",
      `GET ${info.url} answered HTTP ${status}, a redirect${info.location ? ` to ${info.location}` : ""}. Redirects are not followed (the credentials must not travel to another host): set --base-url or REFOLD_BASE_URL to the final host.`,
    );
  const hint =
    status === 429
      ? " The API kept rate-limiting the fetch although it was paced; lower rateLimit in refold.config.ts (another client of the same key may share the limit)."
      : "";
  return make(
    "SOURCE_HTTP_ERROR",
    `Fetching the catalog failed${tries}: ${answered(info)}.${hint}`,
  );
}
