// The module form's default executor: env configuration, configureRefold, clear error when unset.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  RefoldConfigurationError,
  configureRefold,
  defaultExecute,
  optionsFromEnv,
  resetRefold,
} from "../../templates/runtime/index.js";
import { createHubspotActions } from "./helpers/apps.js";
import { startServer, success, type TestServer } from "./helpers/server.js";

const VARS = [
  "REFOLD_API_KEY",
  "REFOLD_SESSION_TOKEN",
  "REFOLD_BASE_URL",
  "REFOLD_LINKED_ACCOUNT_ID",
];
const saved: Record<string, string | undefined> = {};
let server: TestServer;

beforeEach(async () => {
  for (const v of VARS) {
    saved[v] = process.env[v];
    delete process.env[v];
  }
  await resetRefold();
  server = await startServer((req, res) =>
    success(res, {
      account: req.headers["linked_account_id"] ?? null,
      key: req.headers["x-api-key"] ?? null,
      auth: req.headers["authorization"] ?? null,
    }),
  );
});
afterEach(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await resetRefold();
  await server.close();
});

const hubspot = createHubspotActions(defaultExecute);

describe("defaultExecute", () => {
  test("unconfigured: rejects with a configuration error naming what to set", async () => {
    const error = await hubspot.getContact().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefoldConfigurationError);
    const message = (error as Error).message;
    for (const hint of [
      "REFOLD_API_KEY",
      "REFOLD_LINKED_ACCOUNT_ID",
      "REFOLD_SESSION_TOKEN",
      "configureRefold",
    ]) {
      expect(message).toContain(hint);
    }
  });

  test("configured lazily from the environment on first call", async () => {
    process.env.REFOLD_API_KEY = "tk_env";
    process.env.REFOLD_BASE_URL = server.url;
    process.env.REFOLD_LINKED_ACCOUNT_ID = "env_account";
    expect(await hubspot.getContact()).toEqual({
      account: "env_account",
      key: "tk_env",
      auth: null,
    });
  });

  test("REFOLD_SESSION_TOKEN alone works", async () => {
    process.env.REFOLD_SESSION_TOKEN = "sess_env";
    process.env.REFOLD_BASE_URL = server.url;
    expect(await hubspot.getContact()).toEqual({
      account: null,
      key: null,
      auth: "Bearer sess_env",
    });
  });

  test("configureRefold wins over the environment and can be replaced", async () => {
    process.env.REFOLD_API_KEY = "tk_env";
    configureRefold({
      apiKey: "tk_configured",
      baseUrl: server.url,
      linkedAccountId: "c1",
      rateLimit: false,
    });
    expect(await hubspot.getContact()).toMatchObject({ key: "tk_configured", account: "c1" });
    configureRefold({ apiKey: "tk_second", baseUrl: server.url, rateLimit: false });
    expect(await hubspot.getContact(undefined, { linkedAccountId: "c2" })).toMatchObject({
      key: "tk_second",
      account: "c2",
    });
  });

  test("optionsFromEnv ignores blank values", () => {
    process.env.REFOLD_API_KEY = "  ";
    expect(optionsFromEnv()).toBeUndefined();
  });
});
