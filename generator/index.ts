// The package's ES module entry. `require("refold-gen")` gets defineConfig.cjs, the same identity
// function in CommonJS; the types are defined once, there.
import type { RefoldConfig } from "./core/defineConfig.cjs";

export type { ActionKind, RefoldConfig } from "./core/defineConfig.cjs";

/** Identity function that gives the config file its types. */
export function defineConfig(config: RefoldConfig): RefoldConfig {
  return config;
}
