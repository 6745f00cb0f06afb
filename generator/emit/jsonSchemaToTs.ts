/**
 * json-schema-to-typescript, loaded with `require` and without loading prettier. It requires
 * prettier for its `format` option, which `compileParams.ts` never sets (modules are printed in
 * their final form, see `printAppModule.ts`), and prettier's CommonJS entry starts importing its
 * whole ESM build the moment it is required: about 50 ms of a one-app regeneration. So while
 * json-schema-to-typescript loads, and only then, prettier's entry is a stand-in that imports
 * prettier on first use. Types still come from `import type`.
 */
import Module, { createRequire } from "node:module";
import type * as Jstt from "json-schema-to-typescript";
import { installCompileCache } from "../core/compileCache.js";

installCompileCache();
const require = createRequire(import.meta.url);

function load(): typeof Jstt {
  const entry = require.resolve("json-schema-to-typescript");
  let prettierEntry: string | undefined;
  try {
    prettierEntry = createRequire(entry).resolve("prettier");
  } catch {
    // No prettier where it would look: nothing to stand in for.
  }
  const cache = require.cache;
  if (prettierEntry === undefined || cache[prettierEntry] || cache[entry]) return require(entry);
  const standIn = new Module(prettierEntry);
  standIn.filename = prettierEntry;
  standIn.loaded = true;
  standIn.exports = {
    format: async (...args: Parameters<typeof import("prettier").format>) =>
      (await import("prettier")).format(...args),
  };
  cache[prettierEntry] = standIn;
  try {
    return require(entry) as typeof Jstt;
  } finally {
    if (cache[prettierEntry] === standIn) delete cache[prettierEntry];
  }
}

export const { compile } = load();
