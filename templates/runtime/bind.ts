/**
 * Builds an app's factory from the spec table its module exports: each method is one spec,
 * `createContact: ["create_contact", "write"]`, handed to the one executor. The table stays
 * readable from the factory (`factorySpecs`), so `createMock` maps methods to wire ids without
 * calling the factory.
 */
import type { ActionKind, AppFactory, CallOptions, Execute } from "./types.js";

/** A generated method: params and options in, the executor's promise out (typed by the app's interface). */
export type BoundAction = (params?: object, options?: CallOptions) => Promise<any>;

/** Each method's wire action id and kind. */
export type ActionSpecs<A> = {
  readonly [M in keyof A]: readonly [actionId: string, kind: ActionKind];
};

/** The slug and spec table a factory was built from. */
export interface FactorySpecs {
  slug: string;
  specs: Readonly<Record<string, readonly [actionId: string, kind: ActionKind]>>;
}

const tables = new WeakMap<object, FactorySpecs>();

/** The factory of one app: binds every method of `specs` to an execute function. */
export function appFactory<A>(slug: string, specs: ActionSpecs<A>): AppFactory<A> {
  const entries = Object.entries(specs) as [string, readonly [string, ActionKind]][];
  const factory = (execute: Execute): A => {
    const methods: Record<string, BoundAction> = {};
    for (const [method, [actionId, kind]] of entries)
      methods[method] = (params, options) => execute(slug, actionId, params, { ...options, kind });
    return methods as A;
  };
  tables.set(factory, { slug, specs: specs as FactorySpecs["specs"] });
  return factory;
}

/** The spec table behind a factory made by `appFactory`, or undefined for any other function. */
export function factorySpecs(factory: unknown): FactorySpecs | undefined {
  return typeof factory === "function" ? tables.get(factory) : undefined;
}
