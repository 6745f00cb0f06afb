/**
 * A test helper for applications: a client on undici's `MockAgent` (no network), typed stubs per
 * app method, and a call log. Method names map to wire ids through the spec table each
 * generated app module exports (`mockWire.ts`); stubs are matched in `mockStubs.ts` and answered
 * in Refold's envelope by `mockReply.ts`.
 */
import { MockAgent } from "undici";
import { clientFromExecutor, type AppFactories } from "./client.js";
import { RefoldMockNotStubbedError, isRefoldError } from "./errors.js";
import { createExecutor, type Executor } from "./executor.js";
import type { MetadataLoaders } from "./metadata.js";
import { EXECUTE_PATH, NOT_STUBBED, notStubbedMessage, replyFromStubs } from "./mockReply.js";
import { findStub, type Stub } from "./mockStubs.js";
import type { MockCall, MockOptions, MockRefold, StubSpec } from "./mockTypes.js";
import { wireKey, wireNames } from "./mockWire.js";

export type {
  MockCall,
  MockErrorReply,
  MockMethodName,
  MockOptions,
  MockParams,
  MockRefold,
  StubSpec,
} from "./mockTypes.js";

/** `options` without the keys set to `undefined` (so they cannot override the mock's defaults). */
function definedOnly<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

/** Creates a mock Refold: `mock.client` is a typed client answered by `mock.stub(...)`. */
export function createMock<Apps>(
  apps: AppFactories<Apps>,
  options: MockOptions = {},
  metadata?: MetadataLoaders,
): MockRefold<Apps> {
  const names = wireNames(apps as Record<string, unknown>);
  const agent = new MockAgent();
  agent.disableNetConnect();
  const baseUrl = options.baseUrl ?? "https://app.refold.ai";
  const stubs: Stub[] = [];
  const log: MockCall[] = [];

  /**
   * Checks made before a call goes out (the seam for opt-in param validation too): a call no
   * stub answers fails here with `RefoldMockNotStubbedError`, recorded, nothing sent.
   */
  const beforeCall = (
    slug: string,
    actionId: string,
    params: object | undefined,
    account: string | undefined,
  ): RefoldMockNotStubbedError | undefined => {
    let wire: Record<string, unknown>;
    try {
      wire = JSON.parse(JSON.stringify(params ?? {})) as Record<string, unknown>;
    } catch {
      return undefined; // The executor reports unserializable params.
    }
    const key = wireKey(slug, actionId);
    if (findStub(stubs, key, wire) !== undefined) return undefined;
    const named = names.methodOf(key);
    log.push({
      app: named?.app,
      method: named?.method,
      slug,
      actionId,
      params: wire,
      linkedAccountId: account,
      headers: {},
    });
    return new RefoldMockNotStubbedError(notStubbedMessage(named, slug, actionId, wire), {
      slug,
      actionId,
      linkedAccountId: account,
    });
  };

  agent
    .get(new URL(baseUrl).origin)
    .intercept({
      path: (path: string) => EXECUTE_PATH.test(path.split("?")[0] ?? ""),
      method: "POST",
    })
    .reply(replyFromStubs(stubs, log, names))
    .persist();

  const { validate, ...executorOptions } = options;
  const executor = createExecutor({
    ...definedOnly(executorOptions),
    retries: options.retries ?? 0,
    rateLimit: options.rateLimit ?? false,
    apiKey: "mock_api_key",
    dispatcher: agent,
  });
  const defaultAccount = options.linkedAccountId ?? "mock_linked_account";
  const guarded: Executor = {
    execute: (slug, actionId, params, callOptions) =>
      guarded.run(slug, actionId, params, callOptions, defaultAccount),
    run(slug, actionId, params, callOptions, account) {
      const refused = beforeCall(slug, actionId, params, callOptions?.linkedAccountId ?? account);
      if (refused !== undefined) return Promise.reject(refused);
      return executor.run(slug, actionId, params, callOptions, account).catch((error: unknown) => {
        throw isRefoldError(error) && error.serverCode === NOT_STUBBED
          ? new RefoldMockNotStubbedError(error.message, {
              slug,
              actionId,
              linkedAccountId: error.linkedAccountId,
              attempts: error.attempts,
            })
          : error;
      });
    },
    close: () => executor.close(),
  };
  const client = clientFromExecutor(guarded, apps, defaultAccount, { validate }, metadata);

  return {
    client,
    agent,
    stub(app, method, spec) {
      const wire = names.wireOf(app, method);
      const normalized = (
        typeof spec === "function" ? { respond: spec } : spec
      ) as StubSpec<unknown>;
      stubs.push({
        key: wireKey(wire.slug, wire.actionId),
        spec: normalized,
        used: 0,
        label: `${app}.${method}`,
      });
    },
    calls: () => log.slice(),
    callsTo(app, method) {
      const wire = names.wireOf(app, method);
      return log.filter((c) => c.slug === wire.slug && c.actionId === wire.actionId) as never;
    },
    assertAllStubsUsed() {
      const left = stubs.filter((s) => s.spec.times !== undefined && s.used < s.spec.times);
      if (left.length > 0) {
        throw new Error(
          `createMock: unused stubs: ${left.map((s) => `${s.label} (${s.used}/${s.spec.times})`).join(", ")}`,
        );
      }
    },
    reset() {
      stubs.length = 0;
      log.length = 0;
    },
    async close() {
      await executor.close();
      await agent.close();
    },
  };
}
