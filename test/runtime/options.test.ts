// Numeric options are validated once, at construction and per call: a NaN, an infinity or an
// out-of-range value is a RefoldConfigurationError naming the option, never a silent change of
// behaviour (`retries: NaN` used to remove the retry bound).
import { describe, expect, test } from "vitest";
import {
  RefoldConfigurationError,
  createExecutor,
  type ClientOptions,
} from "../../templates/runtime/index.js";
import { json, startServer } from "./helpers/server.js";

const base: ClientOptions = {
  apiKey: "pk_test_options",
  linkedAccountId: "a",
  baseUrl: "http://127.0.0.1:9",
};

// given client options, want the error to name this option
const badClientOptions: [Partial<ClientOptions>, string][] = [
  [{ retries: Number.NaN }, "retries"],
  [{ retries: Number(process.env["REFOLD_UNSET_FOR_TEST"]) }, "retries"],
  [{ retries: -1 }, "retries"],
  [{ retries: 1.5 }, "retries"],
  [{ retries: Number.POSITIVE_INFINITY }, "retries"],
  [{ timeoutMs: Number.NaN }, "timeoutMs"],
  [{ timeoutMs: 0 }, "timeoutMs"],
  [{ timeoutMs: Number.POSITIVE_INFINITY }, "timeoutMs"],
  [{ attemptTimeoutMs: -5 }, "attemptTimeoutMs"],
  [{ minWriteBudgetMs: Number.NaN }, "minWriteBudgetMs"],
  [{ maxInFlightPerAccount: 0 }, "maxInFlightPerAccount"],
  [{ maxInFlightPerAccount: 2.5 }, "maxInFlightPerAccount"],
  [{ maxRetryAfterMs: Number.NaN }, "maxRetryAfterMs"],
  [{ maxResponseBytes: 0 }, "maxResponseBytes"],
  [{ connections: Number.NaN }, "connections"],
  [{ connectTimeoutMs: -1 }, "connectTimeoutMs"],
  [{ keepAliveTimeoutMs: Number.NaN }, "keepAliveTimeoutMs"],
  [{ backoff: { baseDelayMs: Number.NaN } }, "backoff.baseDelayMs"],
  [{ backoff: { maxDelayMs: Number.POSITIVE_INFINITY } }, "backoff.maxDelayMs"],
  [{ rateLimit: { requestsPerSecond: Number.NaN } }, "rateLimit.requestsPerSecond"],
  [{ rateLimit: { burst: 0 } }, "rateLimit.burst"],
  [{ retries: "2" as unknown as number }, "retries"],
];

describe("client options", () => {
  test.each(badClientOptions)("%o → RefoldConfigurationError naming %s", (options, name) => {
    let caught: unknown;
    try {
      createExecutor({ ...base, ...options });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RefoldConfigurationError);
    expect((caught as Error).message).toMatch(
      new RegExp(`^${name.replace(".", "\\.")} must be a finite`),
    );
  });

  test("undefined means the default (exactOptionalPropertyTypes-friendly)", async () => {
    const executor = createExecutor({
      ...base,
      retries: undefined,
      timeoutMs: undefined,
      backoff: { baseDelayMs: undefined },
    });
    await executor.close();
  });
});

describe("call options", () => {
  test.each([
    [{ retries: Number.NaN }, "retries"],
    [{ timeoutMs: Number.NaN }, "timeoutMs"],
    [{ timeoutMs: -1 }, "timeoutMs"],
    [{ retries: 1e9 }, "retries"],
  ])("%o → rejected before anything is sent, naming %s", async (options, name) => {
    const server = await startServer((_req, res) =>
      json(res, 429, { status_code: 429 }, { "retry-after": "0" }),
    );
    const executor = createExecutor({ ...base, baseUrl: server.url, rateLimit: false });
    const error = await executor
      .execute("hubspot", "create_contact", {}, { kind: "write", ...options })
      .catch((e: unknown) => e);
    await executor.close();
    await server.close();
    expect(error).toBeInstanceOf(RefoldConfigurationError);
    expect(error).toMatchObject({ actionId: "create_contact", mayHaveSucceeded: false });
    expect((error as Error).message).toMatch(new RegExp(`^${name} must be`));
    expect(server.requests).toHaveLength(0);
  });
});
