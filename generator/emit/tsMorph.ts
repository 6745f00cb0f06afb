/**
 * ts-morph, loaded with `require`. An ESM `import` of this CommonJS package makes Node scan its
 * large source for export names (cjs-module-lexer) on every run, about 0.2 s of a one-app
 * regeneration; `require` skips the scan, and the V8 compile cache (`core/compileCache.js`) covers
 * the compile. Types still come from `import type`.
 */
import { createRequire } from "node:module";
import type * as TsMorph from "ts-morph";
import { installCompileCache } from "../core/compileCache.js";

installCompileCache();
export const tsMorph = createRequire(import.meta.url)("ts-morph") as typeof TsMorph;
