// The module form's default executor: env configuration, configureRefold, clear error when unset.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  RefoldConfigurationError,
  configureRefold,
  createClient,
  defaultExecute,
  optionsFromEnv,
  resetRefold,
} from "../../templates/runtime/index.js";
import { appFactories, createHubspotActions } from "./helpers/apps.js";
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

// One configuration story: explicit option > environment > default, for createClient too.
describe("createClient reads the environment for what its options omit", () => {
  test("with only REFOLD_BASE_URL set, a client given { apiKey } reaches that server", async () => {
    process.env.REFOLD_BASE_URL = server.url;
    const client = createClient({ apiKey: "tk_opt", rateLimit: false }, appFactories);
    try {
      const got = await client.forAccount("a1").hubspot.getContact();
      expect(got).toEqual({ account: "a1", key: "tk_opt", auth: null });
      expect(server.requests).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  test("undefined options count as omitted; the environment fills key, account and URL", async () => {
    process.env.REFOLD_API_KEY = "tk_env";
    process.env.REFOLD_BASE_URL = server.url;
    process.env.REFOLD_LINKED_ACCOUNT_ID = "env_account";
    const client = createClient(
      { apiKey: undefined, baseUrl: undefined, rateLimit: false },
      appFactories,
    );
    try {
      expect(await client.hubspot.getContact()).toEqual({
        account: "env_account",
        key: "tk_env",
        auth: null,
      });
    } finally {
      await client.close();
    }
  });

  test("REFOLD_SESSION_TOKEN is used when the options carry no credential", async () => {
    process.env.REFOLD_SESSION_TOKEN = "sess_env";
    process.env.REFOLD_BASE_URL = server.url;
    const client = createClient({ rateLimit: false }, appFactories);
    try {
      expect(await client.hubspot.getContact()).toEqual({
        account: null,
        key: null,
        auth: "Bearer sess_env",
      });
    } finally {
      await client.close();
    }
  });

  test("explicit options win: an explicit key is never replaced by the environment's token", async () => {
    process.env.REFOLD_SESSION_TOKEN = "sess_env";
    process.env.REFOLD_LINKED_ACCOUNT_ID = "env_account";
    process.env.REFOLD_BASE_URL = "http://127.0.0.1:1";
    const client = createClient(
      { apiKey: "tk_opt", baseUrl: server.url, linkedAccountId: "opt_account", rateLimit: false },
      appFactories,
    );
    try {
      expect(await client.hubspot.getContact()).toEqual({
        account: "opt_account",
        key: "tk_opt",
        auth: null,
      });
    } finally {
      await client.close();
    }
  });
});
