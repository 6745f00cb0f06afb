/**
 * A test helper for applications: a client on undici's `MockAgent` (no network), typed stubs per
 * app method, and a call log. Method names (camelCase) are mapped to wire ids (snake_case) by
 * running the app factory with a recording `execute`.
 */
import { MockAgent } from "undici";
import { clientFromExecutor, type AppFactories, type Client } from "./client.js";
import { RefoldMockNotStubbedError, isRefoldError } from "./errors.js";
import { createExecutor, type Executor } from "./executor.js";
import type { MetadataLoaders } from "./metadata.js";
import type { ClientOptions } from "./options.js";
import { redactHeaders } from "./redact.js";
import type { Execute } from "./types.js";

/** Client options of the mock (credentials and dispatcher are provided by the mock). */
export interface MockOptions extends Omit<
  ClientOptions,
  "apiKey" | "sessionToken" | "sessionTokens" | "dispatcher"
> {
  /** Default linked account of `client`. Default `"mock_linked_account"`. */
  linkedAccountId?: string | undefined;
  /** Check params against the action's fields before the stub sees them. Default `false`. */
  validate?: boolean | undefined;
}

type AnyFunction = (...args: any[]) => any;
/** Names of an app's action methods. */
export type MockMethodName<A> = {
  [M in keyof A]: A[M] extends AnyFunction ? M : never;
}[keyof A] &
  string;
/** The params type of a generated method. */
export type MockParams<F> = F extends AnyFunction ? NonNullable<Parameters<F>[0]> : never;

/** One recorded call. */
export interface MockCall<P = Record<string, unknown>> {
  /** App property and method name, when known (undefined for calls to unknown actions). */
  app: string | undefined;
  method: string | undefined;
  /** Wire slug and action id. */
  slug: string;
  actionId: string;
  params: P;
  linkedAccountId: string | undefined;
  /** Request headers, credentials redacted. */
  headers: Record<string, string>;
}

/** A Refold error envelope to answer with. */
export interface MockErrorReply {
  status: number;
  error?: string;
  message?: string;
  http_error_type?: string;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
}

/** How a stub answers. Set one of `data`, `respond`, `error`, `providerFailure` (default data `null`). */
export interface StubSpec<P> {
  /** Answer only calls whose params contain these values (deep equality), or satisfy the predicate. */
  match?: Partial<P> | ((params: P) => boolean);
  /** The provider data the method resolves to. */
  data?: unknown;
  /** Computes the data from the params (synchronous). */
  respond?: (params: P, call: MockCall<P>) => unknown;
  /** Answer with a Refold HTTP error (e.g. `{ status: 404, message: "Action not found" }`). */
  error?: MockErrorReply;
  /** Answer HTTP 200 with `node_status: "Failed"` and this provider status and data. */
  providerFailure?: { httpStatus: number; data?: unknown };
  /** How many calls this stub answers (default: unlimited). */
  times?: number;
}

export interface MockRefold<Apps> {
  /** A client that never touches the network. */
  client: Client<Apps>;
  /** The underlying `MockAgent` (network connections disabled). */
  agent: MockAgent;
  /** Stubs `app.method`. The newest matching stub wins; exhausted stubs fall back to older ones. */
  stub<K extends keyof Apps & string, M extends MockMethodName<Apps[K]>>(
    app: K,
    method: M,
    spec: StubSpec<MockParams<Apps[K][M]>> | ((params: MockParams<Apps[K][M]>) => unknown),
  ): void;
  /** Every call so far, in order. */
  calls(): readonly MockCall[];
  /** Calls of one method, params typed. */
  callsTo<K extends keyof Apps & string, M extends MockMethodName<Apps[K]>>(
    app: K,
    method: M,
  ): MockCall<MockParams<Apps[K][M]>>[];
  /** Throws unless every stub with `times` was used up. */
  assertAllStubsUsed(): void;
  /** Removes stubs and the call log. */
  reset(): void;
  close(): Promise<void>;
}

interface Stub {
  key: string;
  spec: StubSpec<unknown>;
  used: number;
  label: string;
}

const NOT_STUBBED = "MOCK_NOT_STUBBED";

function notStubbedMessage(
  named: { app: string; method: string } | undefined,
  slug: string,
  actionId: string,
  params: unknown,
): string {
  const name = named === undefined ? `${slug}/${actionId}` : `${named.app}.${named.method}`;
  return `createMock: no stub matches ${name} (${slug}/${actionId}) with params ${JSON.stringify(params)}`;
}

/** `options` without the keys set to `undefined` (so they cannot override the mock's defaults). */
function definedOnly<T extends object>(options: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}

const EXECUTE_PATH = /\/api\/v2\/integration-schema\/([^/]+)\/actions\/([^/]+)\/execute$/;
const JSON_HEADERS = { "content-type": "application/json" };

function contains(actual: unknown, expected: unknown): boolean {
  if (expected === actual) return true;
  if (typeof expected !== "object" || expected === null) return false;
  if (typeof actual !== "object" || actual === null) return false;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => contains(actual[i], item))
    );
  }
  return Object.keys(expected).every((k) =>
    contains((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
  );
}

function headerMap(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2)
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (typeof headers === "object" && headers !== null) {
    for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

/** Creates a mock Refold: `mock.client` is a typed client answered by `mock.stub(...)`. */
export function createMock<Apps>(
  apps: AppFactories<Apps>,
  options: MockOptions = {},
  metadata?: MetadataLoaders,
): MockRefold<Apps> {
  const factories = apps as Record<string, (execute: Execute) => unknown>;
  const agent = new MockAgent();
  agent.disableNetConnect();
  const baseUrl = options.baseUrl ?? "https://app.refold.ai";
  const stubs: Stub[] = [];
  const log: MockCall[] = [];
  const wireByMethod = new Map<string, { slug: string; actionId: string }>();
  let methodByWire: Map<string, { app: string; method: string }> | undefined;

  const wireOf = (app: string, method: string): { slug: string; actionId: string } => {
    const cacheKey = `${app}.${method}`;
    const cached = wireByMethod.get(cacheKey);
    if (cached !== undefined) return cached;
    let seen: { slug: string; actionId: string } | undefined;
    const recorder: Execute = (slug, actionId) => {
      seen = { slug, actionId };
      return Promise.resolve(undefined);
    };
    const factory = factories[app];
    const target =
      factory === undefined ? undefined : (factory(recorder) as Record<string, unknown>);
    const fn = target?.[method];
    if (typeof fn === "function")
      void Promise.resolve(fn.call(target, {}, {})).catch(() => undefined);
    if (seen === undefined)
      throw new TypeError(`createMock: ${app}.${method} is not an action method`);
    wireByMethod.set(cacheKey, seen);
    return seen;
  };

  const methodOf = (wireKey: string): { app: string; method: string } | undefined => {
    if (methodByWire === undefined) {
      methodByWire = new Map();
      for (const app of Object.keys(factories)) {
        const target = factories[app]!((() => Promise.resolve(undefined)) as Execute) as Record<
          string,
          unknown
        >;
        for (const method of Object.keys(target)) {
          if (typeof target[method] !== "function") continue;
          try {
            const wire = wireOf(app, method);
            methodByWire.set(`${wire.slug}\0${wire.actionId}`, { app, method });
          } catch {
            // Not an action method.
          }
        }
      }
    }
    return methodByWire.get(wireKey);
  };

  const reply = (opts: { path: string; body?: unknown; headers?: unknown }) => {
    const match = EXECUTE_PATH.exec(opts.path.split("?")[0] ?? "");
    const slug = decodeURIComponent(match?.[1] ?? "");
    const actionId = decodeURIComponent(match?.[2] ?? "");
    const key = `${slug}\0${actionId}`;
    const named = methodOf(key);
    let params: Record<string, unknown> = {};
    try {
      params = JSON.parse(typeof opts.body === "string" ? opts.body : "{}") as Record<
        string,
        unknown
      >;
    } catch {
      // Recorded as empty params.
    }
    const headers = headerMap(opts.headers);
    const call: MockCall = {
      app: named?.app,
      method: named?.method,
      slug,
      actionId,
      params,
      linkedAccountId: headers["linked_account_id"],
      headers: redactHeaders(headers),
    };
    log.push(call);
    const stub = findStub(key, params);
    if (stub !== undefined) {
      stub.used++;
      return answer(stub.spec, params, call);
    }
    // Only reached when a stub was used up between the pre-check and the request (concurrency).
    return envelopeReply(501, {
      status_code: 501,
      error: NOT_STUBBED,
      message: notStubbedMessage(named, slug, actionId, params),
    });
  };

  const findStub = (key: string, params: unknown): Stub | undefined => {
    for (let i = stubs.length - 1; i >= 0; i--) {
      const stub = stubs[i]!;
      const { spec } = stub;
      if (stub.key !== key || (spec.times !== undefined && stub.used >= spec.times)) continue;
      if (spec.match !== undefined) {
        const ok =
          typeof spec.match === "function" ? spec.match(params) : contains(params, spec.match);
        if (!ok) continue;
      }
      return stub;
    }
    return undefined;
  };

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
    const key = `${slug}\0${actionId}`;
    if (findStub(key, wire) !== undefined) return undefined;
    const named = methodOf(key);
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
    .reply(reply)
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
      const wire = wireOf(app, method);
      const normalized = (
        typeof spec === "function" ? { respond: spec } : spec
      ) as StubSpec<unknown>;
      stubs.push({
        key: `${wire.slug}\0${wire.actionId}`,
        spec: normalized,
        used: 0,
        label: `${app}.${method}`,
      });
    },
    calls: () => log.slice(),
    callsTo(app, method) {
      const wire = wireOf(app, method);
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

function envelopeReply(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = JSON_HEADERS,
) {
  return { statusCode, data: JSON.stringify(body), responseOptions: { headers } };
}

function answer(spec: StubSpec<unknown>, params: unknown, call: MockCall) {
  if (spec.error !== undefined) {
    const e = spec.error;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (e.retryAfterSeconds !== undefined) headers["retry-after"] = String(e.retryAfterSeconds);
    return envelopeReply(
      e.status,
      {
        status_code: e.status,
        http_error_type: e.http_error_type,
        error: e.error,
        message: e.message,
      },
      headers,
    );
  }
  if (spec.providerFailure !== undefined) {
    const { httpStatus, data } = spec.providerFailure;
    return envelopeReply(200, {
      node_status: "Failed",
      http_status: httpStatus,
      data: data ?? null,
    });
  }
  let data: unknown;
  try {
    data = spec.respond !== undefined ? spec.respond(params, call) : spec.data;
  } catch (error) {
    return envelopeReply(500, {
      status_code: 500,
      error: "MOCK_RESPONDER_THREW",
      message: `createMock: the stub's respond() threw: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  return envelopeReply(200, { node_status: "Success", http_status: 200, data: data ?? null });
}
