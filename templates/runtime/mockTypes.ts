/** The public types of `createMock` (the test helper): options, stubs, recorded calls. */
import type { MockAgent } from "undici";
import type { Client } from "./client.js";
import type { ClientOptions } from "./options.js";

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
