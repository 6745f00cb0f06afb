/**
 * TypeScript's compiler API as ts-morph bundles it (`@ts-morph/common/dist/typescript.js`), loaded
 * on its own: the gates only parse, and loading ts-morph itself (its wrapper and @ts-morph/common,
 * 4 MB more) would double the time to load. Resolved from ts-morph's own location, so it is the
 * very copy ts-morph uses, and loaded with `require` for the reasons `tsMorph.ts` gives.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { ts as TS } from "ts-morph";
import { installCompileCache } from "../core/compileCache.js";

installCompileCache();
const require = createRequire(import.meta.url);

export const ts = require(
  require.resolve("@ts-morph/common/dist/typescript.js", {
    paths: [path.dirname(require.resolve("ts-morph"))],
  }),
) as typeof TS;
