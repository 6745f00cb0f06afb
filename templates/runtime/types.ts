/**
 * Public types shared by the runtime and the generated app modules.
 * Generated code depends on these names: change them only together with the generator.
 */

/** Any JSON value: what a `json` field accepts and what a provider may return. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Whether an action only reads or changes data in the connected app (drives the retry policy). */
export type ActionKind = "read" | "write";

/** Options a caller may pass to any generated method. */
export interface CallOptions {
  /** The customer's linked account; overrides the client's or `forAccount` scope. */
  linkedAccountId?: string | undefined;
  /** Overall deadline for the call, retries included (default 30 000 ms). */
  timeoutMs?: number | undefined;
  /** Cancels the call. */
  signal?: AbortSignal | undefined;
  /** Maximum number of attempts after the first one (default from the client, 2). */
  retries?: number | undefined;
  /** Declares a write safe to repeat, so it is retried like a read. */
  idempotent?: boolean | undefined;
  /** Resolve to the whole result envelope instead of the provider's `data`. */
  envelope?: boolean | undefined;
  /** Check params against the action's fields first (needs the generated metadata). */
  validate?: boolean | undefined;
}

/** The result envelope of an execute call (both documented forms). */
export interface ActionEnvelope<T = unknown> {
  /** `"Success"` in the first documented form. */
  node_status?: string | undefined;
  /** The provider's HTTP status, when Refold reports it. */
  http_status?: number | undefined;
  /** `true` in the second documented form. */
  success?: boolean | undefined;
  /** The provider's native payload. */
  data: T;
}

/** Options the generated code passes to the executor: the caller's options plus action metadata. */
export interface ExecuteOptions extends CallOptions {
  /** From the generated metadata: `read` actions may be retried after they reached the server. */
  kind?: ActionKind | undefined;
}

/** The one function every generated method calls. */
export type Execute = (
  slug: string,
  actionId: string,
  params: object | undefined,
  options?: ExecuteOptions,
) => Promise<any>;

/** A generated action method whose params object has at least one required field. */
export interface Action<P> {
  <T = unknown>(params: P, options: CallOptions & { envelope: true }): Promise<ActionEnvelope<T>>;
  <T = unknown>(params: P, options?: CallOptions): Promise<T>;
}

/** A generated action method whose params are all optional. */
export interface ActionWithOptionalParams<P> {
  <T = unknown>(
    params: P | undefined,
    options: CallOptions & { envelope: true },
  ): Promise<ActionEnvelope<T>>;
  <T = unknown>(params?: P, options?: CallOptions): Promise<T>;
}

/** Builds one app's action object around an execute function (exported by each app module). */
export type AppFactory<A> = (execute: Execute) => A;
