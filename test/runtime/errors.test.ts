// Error classes: stable codes, instanceof across two copies of the runtime, JSON shape.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { inspect } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import * as runtime from "../../templates/runtime/index.js";

const copyDir = join(__dirname, `.tmp-copy-${process.pid}`);
afterAll(() => rmSync(copyDir, { recursive: true, force: true }));

describe("errors", () => {
  test("instanceof works across two loaded copies of the runtime", async () => {
    mkdirSync(copyDir, { recursive: true });
    cpSync(resolve(__dirname, "../../templates/runtime"), copyDir, { recursive: true });
    const other = (await import(join(copyDir, "index.ts"))) as typeof runtime;
    expect(other.RefoldError).not.toBe(runtime.RefoldError);
    const foreign = new other.RefoldServerError("x", { status: 502 });
    expect(foreign).toBeInstanceOf(runtime.RefoldServerError);
    expect(foreign).toBeInstanceOf(runtime.RefoldApiError);
    expect(foreign).toBeInstanceOf(runtime.RefoldError);
    expect(foreign).not.toBeInstanceOf(runtime.RefoldNotFoundError);
    expect(runtime.isRefoldError(foreign)).toBe(true);
    const local = new runtime.RefoldNotFoundError("y", { resource: "app" });
    expect(local).toBeInstanceOf(other.RefoldNotFoundError);
    expect(local).toBeInstanceOf(Error);
    expect(new Error("plain")).not.toBeInstanceOf(runtime.RefoldError);
    expect(runtime.isRefoldError({ code: "not_found" })).toBe(false);
  });

  test("stable codes and names", () => {
    const table: Array<[runtime.RefoldError, string, string]> = [
      [
        new runtime.RefoldAuthenticationError("m"),
        "authentication_error",
        "RefoldAuthenticationError",
      ],
      [new runtime.RefoldNotFoundError("m"), "not_found", "RefoldNotFoundError"],
      [new runtime.RefoldValidationError("m"), "validation_error", "RefoldValidationError"],
      [new runtime.RefoldRateLimitError("m"), "rate_limited", "RefoldRateLimitError"],
      [
        new runtime.RefoldConnectionExpiredError("m"),
        "connection_expired",
        "RefoldConnectionExpiredError",
      ],
      [new runtime.RefoldProviderError("m"), "provider_error", "RefoldProviderError"],
      [new runtime.RefoldServerError("m"), "server_error", "RefoldServerError"],
      [new runtime.RefoldApiError("m"), "api_error", "RefoldApiError"],
      [new runtime.RefoldTimeoutError("m"), "timeout", "RefoldTimeoutError"],
      [new runtime.RefoldNetworkError("m"), "network_error", "RefoldNetworkError"],
      [new runtime.RefoldAbortError("m"), "aborted", "RefoldAbortError"],
      [
        new runtime.RefoldInvalidResponseError("m"),
        "invalid_response",
        "RefoldInvalidResponseError",
      ],
      [
        new runtime.RefoldResponseTooLargeError("m", { limitBytes: 1 }),
        "response_too_large",
        "RefoldResponseTooLargeError",
      ],
      [
        new runtime.RefoldConfigurationError("m"),
        "configuration_error",
        "RefoldConfigurationError",
      ],
    ];
    for (const [error, code, name] of table) {
      expect(error.code).toBe(code);
      expect(error.name).toBe(name);
      expect(error).toBeInstanceOf(runtime.RefoldError);
    }
  });

  test("JSON and inspect carry the context; secrets passed to the constructor are scrubbed", () => {
    const error = new runtime.RefoldServerError("boom with sk_secret_1234 inside", {
      status: 503,
      slug: "hubspot",
      actionId: "get_contact",
      linkedAccountId: "acme",
      attempts: 3,
      requestId: "req_9",
      mayHaveSucceeded: true,
      cause: Object.assign(new Error("cause has sk_secret_1234"), {
        code: "ECONNRESET",
        headers: { "x-api-key": "sk_secret_1234" },
      }),
      secrets: ["sk_secret_1234"],
    });
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({
      name: "RefoldServerError",
      code: "server_error",
      status: 503,
      slug: "hubspot",
      actionId: "get_contact",
      linkedAccountId: "acme",
      attempts: 3,
      requestId: "req_9",
      mayHaveSucceeded: true,
    });
    expect(json.message).toBe("boom with [REDACTED] inside");
    const text = inspect(error, { depth: 10, showHidden: true });
    expect(text).not.toContain("sk_secret_1234");
    expect(text).toContain("ECONNRESET");
    expect((error.cause as { headers?: unknown }).headers).toBeUndefined();
  });
});
