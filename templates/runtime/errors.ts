/**
 * The error model. Every failure the runtime raises is a `RefoldError` with a stable `code`.
 * `instanceof` works across two loaded copies of the runtime: classes are branded with
 * `Symbol.for` keys instead of relying on prototype identity.
 */
import {
  PROVIDER_DATA_LIMITS,
  createRedactor,
  sanitizeCause,
  scrubValue,
  type ValueLimits,
} from "./redact.js";

const BRANDS = Symbol.for("refold.runtime.errorBrands");

/** Which resource a 404 names. */
export type NotFoundResource = "app" | "action" | "linked_account" | "unknown";

/** Everything an error can carry besides its message. */
export interface RefoldErrorInit {
  /** HTTP status Refold answered with, when there was a response. */
  status?: number | undefined;
  slug?: string | undefined;
  actionId?: string | undefined;
  linkedAccountId?: string | undefined;
  /** Attempts made before giving up (1 = no retry). */
  attempts?: number | undefined;
  /** The server's `request_id`, when sent. */
  requestId?: string | undefined;
  /** `error` / `error_code` of Refold's error envelope. */
  serverCode?: string | undefined;
  /** `http_error_type` of Refold's error envelope. */
  httpErrorType?: string | undefined;
  /** True when the request may have reached Refold and been executed. */
  mayHaveSucceeded?: boolean | undefined;
  cause?: unknown;
  /** Secrets scrubbed from the message and cause (never stored). */
  secrets?: readonly string[] | undefined;
}

/** A subclass's own fields: scrubbed by the base constructor like every other field. */
type Extras = Record<string, unknown>;
const SMALL: ValueLimits = { maxDepth: 0, maxNodes: 0, maxStringLength: 2_000 };

function brandsOf(target: unknown): string[] {
  const brands: string[] = [];
  let ctor: unknown = target;
  while (typeof ctor === "function") {
    const brand: unknown = Reflect.get(ctor, "brand");
    if (typeof brand !== "string") break;
    if (!brands.includes(brand)) brands.push(brand);
    ctor = Object.getPrototypeOf(ctor);
  }
  return brands;
}

/** Base class of every runtime error. */
export class RefoldError extends Error {
  /** Brand used by `instanceof`; unique per class. */
  static brand = "RefoldError";

  /** Stable machine-readable code, e.g. `not_found`, `rate_limited`. */
  readonly code: string;
  readonly status: number | undefined;
  readonly slug: string | undefined;
  readonly actionId: string | undefined;
  readonly linkedAccountId: string | undefined;
  readonly attempts: number;
  readonly requestId: string | undefined;
  readonly serverCode: string | undefined;
  readonly httpErrorType: string | undefined;
  /** True when the request may have reached Refold (a write may have been applied). */
  readonly mayHaveSucceeded: boolean;

  constructor(
    message: string,
    init: RefoldErrorInit = {},
    code: string = "refold_error",
    extras: Extras = {},
  ) {
    const secrets = init.secrets ?? [];
    const cause = sanitizeCause(init.cause, secrets);
    const scrub = createRedactor(secrets);
    const optional = (value: string | undefined): string | undefined =>
      typeof value === "string" ? scrub(value) : undefined;
    super(scrub(message), cause === undefined ? undefined : { cause });
    Object.defineProperty(this, BRANDS, { value: brandsOf(new.target), enumerable: false });
    this.name = (new.target as unknown as { brand: string }).brand;
    this.code = code;
    this.status = init.status;
    this.slug = optional(init.slug);
    this.actionId = optional(init.actionId);
    this.linkedAccountId = optional(init.linkedAccountId);
    this.attempts = init.attempts ?? 0;
    this.requestId = optional(init.requestId);
    this.serverCode = optional(init.serverCode);
    this.httpErrorType = optional(init.httpErrorType);
    this.mayHaveSucceeded = init.mayHaveSucceeded ?? false;
    // Redaction by construction: every subclass field passes through the same scrubber.
    for (const key of Object.keys(extras)) {
      const value = extras[key];
      const limits = key === "providerData" ? PROVIDER_DATA_LIMITS : SMALL;
      Object.defineProperty(this, key, {
        value:
          typeof value === "object" && value !== null
            ? scrubValue(value, secrets, limits)
            : typeof value === "string"
              ? scrub(value)
              : value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const brands = (value as { [BRANDS]?: unknown })[BRANDS];
    return Array.isArray(brands) && brands.includes(this.brand);
  }

  /** Sets `attempts` (and widens `mayHaveSucceeded`) once the executor knows them. @internal */
  withAttempts(attempts: number, mayHaveSucceeded = false): this {
    (this as { attempts: number }).attempts = attempts;
    if (mayHaveSucceeded) (this as { mayHaveSucceeded: boolean }).mayHaveSucceeded = true;
    return this;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of Object.keys(this))
      out[key] = (this as unknown as Record<string, unknown>)[key];
    return out;
  }
}

/** The client is misconfigured (no API key, no linked account, bad option). */
export class RefoldConfigurationError extends RefoldError {
  static override brand = "RefoldConfigurationError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "configuration_error");
  }
}

/** 401 / 403: the API key or session token was rejected. */
export class RefoldAuthenticationError extends RefoldError {
  static override brand = "RefoldAuthenticationError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "authentication_error");
  }
}

/** 404: unknown app slug, action or linked account (see `resource`). */
export class RefoldNotFoundError extends RefoldError {
  static override brand = "RefoldNotFoundError";
  declare readonly resource: NotFoundResource;
  constructor(
    message: string,
    init: RefoldErrorInit & { resource?: NotFoundResource | undefined } = {},
  ) {
    super(message, init, "not_found", { resource: init.resource ?? "unknown" });
  }
}

/** 400 / 422, or params that cannot be serialized: the request is invalid. */
export class RefoldValidationError extends RefoldError {
  static override brand = "RefoldValidationError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "validation_error");
  }
}

/** 429 after the retries the policy allows. */
export class RefoldRateLimitError extends RefoldError {
  static override brand = "RefoldRateLimitError";
  /** The server's `Retry-After`, in milliseconds, when sent. */
  declare readonly retryAfterMs: number | undefined;
  constructor(message: string, init: RefoldErrorInit & { retryAfterMs?: number | undefined } = {}) {
    super(message, init, "rate_limited", { retryAfterMs: init.retryAfterMs });
  }
}

/** The linked account's connection expired or was never made: the customer must reconnect. */
export class RefoldConnectionExpiredError extends RefoldError {
  static override brand = "RefoldConnectionExpiredError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "connection_expired");
  }
}

/** Refold answered 2xx but the provider rejected the call (`node_status`, `http_status`, `success`). */
export class RefoldProviderError extends RefoldError {
  static override brand = "RefoldProviderError";
  declare readonly nodeStatus: string | undefined;
  /** The provider's own HTTP status. */
  declare readonly providerStatus: number | undefined;
  /** The provider's payload: secrets scrubbed, bounded in depth and size, always serializable. */
  declare readonly providerData: unknown;
  constructor(
    message: string,
    init: RefoldErrorInit & {
      nodeStatus?: string | undefined;
      providerStatus?: number | undefined;
      providerData?: unknown;
    } = {},
  ) {
    super(message, init, "provider_error", {
      nodeStatus: init.nodeStatus,
      providerStatus: init.providerStatus,
      providerData: init.providerData,
    });
  }
}

/** An HTTP status the runtime has no more specific class for (e.g. 408, 409). */
export class RefoldApiError extends RefoldError {
  static override brand = "RefoldApiError";
  constructor(message: string, init: RefoldErrorInit = {}, code: string = "api_error") {
    super(message, init, code);
  }
}

/** 5xx from Refold or a proxy in front of it. */
export class RefoldServerError extends RefoldApiError {
  static override brand = "RefoldServerError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "server_error");
  }
}

/** A 2xx whose body is not a result envelope (HTML, truncated or empty JSON, wrong shape). */
export class RefoldInvalidResponseError extends RefoldError {
  static override brand = "RefoldInvalidResponseError";
  declare readonly contentType: string | undefined;
  constructor(message: string, init: RefoldErrorInit & { contentType?: string | undefined } = {}) {
    super(message, init, "invalid_response", { contentType: init.contentType });
  }
}

/** The response body exceeded `maxResponseBytes`. */
export class RefoldResponseTooLargeError extends RefoldError {
  static override brand = "RefoldResponseTooLargeError";
  declare readonly limitBytes: number;
  constructor(message: string, init: RefoldErrorInit & { limitBytes: number }) {
    super(message, init, "response_too_large", { limitBytes: init.limitBytes });
  }
}

/** The call's overall deadline (`timeoutMs`) passed. */
export class RefoldTimeoutError extends RefoldError {
  static override brand = "RefoldTimeoutError";
  declare readonly timeoutMs: number | undefined;
  constructor(message: string, init: RefoldErrorInit & { timeoutMs?: number | undefined } = {}) {
    super(message, init, "timeout", { timeoutMs: init.timeoutMs });
  }
}

/** The connection failed (refused, DNS, reset). `mayHaveSucceeded` says whether it reached Refold. */
export class RefoldNetworkError extends RefoldError {
  static override brand = "RefoldNetworkError";
  /** The system or undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  declare readonly networkCode: string | undefined;
  constructor(message: string, init: RefoldErrorInit & { networkCode?: string | undefined } = {}) {
    super(message, init, "network_error", { networkCode: init.networkCode });
  }
}

/** The caller's `AbortSignal` fired. */
export class RefoldAbortError extends RefoldError {
  static override brand = "RefoldAbortError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "aborted");
  }
}

/** A call to the mock client (`createMock`) that no stub answers: a test setup error, not an outage. */
export class RefoldMockNotStubbedError extends RefoldError {
  static override brand = "RefoldMockNotStubbedError";
  constructor(message: string, init: RefoldErrorInit = {}) {
    super(message, init, "mock_not_stubbed");
  }
}

/** True for any `RefoldError`, from this or another copy of the runtime. */
export function isRefoldError(value: unknown): value is RefoldError {
  return value instanceof RefoldError;
}

/**
 * An error of `source`'s class (same code and fields) with a new message and context, `source` as
 * its cause. Attributes a failed session-token mint to the action that needed the token. @internal
 */
export function rebrand(source: RefoldError, message: string, init: RefoldErrorInit): RefoldError {
  const Ctor = source.constructor as new (message: string, init: RefoldErrorInit) => RefoldError;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(source)) fields[key] = (source as unknown as Extras)[key];
  const error = new Ctor(message, { ...fields, ...init, cause: source });
  if (error.code !== source.code) (error as { code: string }).code = source.code;
  return error;
}
