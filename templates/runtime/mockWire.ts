/**
 * Method names ↔ wire ids for the mock, read from the spec table each generated app module
 * exports (through its factory, see `appFactory`), never by calling the factory.
 */
import { factorySpecs } from "./bind.js";

export interface WireId {
  slug: string;
  actionId: string;
}

export interface WireNames {
  /** The wire id of `app.method`; throws a TypeError when it is not an action method. */
  wireOf(app: string, method: string): WireId;
  /** The app property and method of a wire key (`slug\0actionId`), when one of the apps has it. */
  methodOf(wireKey: string): { app: string; method: string } | undefined;
}

export const wireKey = (slug: string, actionId: string) => `${slug}\0${actionId}`;

export function wireNames(factories: Readonly<Record<string, unknown>>): WireNames {
  let byWire: Map<string, { app: string; method: string }> | undefined;
  const tableOf = (app: string) => {
    const table = Object.hasOwn(factories, app) ? factorySpecs(factories[app]) : undefined;
    if (table === undefined)
      throw new TypeError(`createMock: ${app} is not an app factory of a generated module`);
    return table;
  };
  return {
    wireOf(app, method) {
      const table = tableOf(app);
      const spec = Object.hasOwn(table.specs, method) ? table.specs[method] : undefined;
      if (spec === undefined)
        throw new TypeError(`createMock: ${app}.${method} is not an action method`);
      return { slug: table.slug, actionId: spec[0] };
    },
    methodOf(key) {
      if (byWire === undefined) {
        byWire = new Map();
        for (const app of Object.keys(factories)) {
          const table = factorySpecs(factories[app]);
          if (table === undefined) continue;
          for (const [method, [actionId]] of Object.entries(table.specs))
            byWire.set(wireKey(table.slug, actionId), { app, method });
        }
      }
      return byWire.get(key);
    },
  };
}
