// A V8 code cache for the CommonJS libraries the generator loads (ts-morph with its bundled
// TypeScript, json-schema-to-typescript…): compiling them is most of a regeneration's start-up.
// Node >= 22.1 has one built in (`module.enableCompileCache`). On older Node, `Module.prototype._compile`
// is wrapped, as the `v8-compile-cache` package does, for files under node_modules only: the module is
// compiled by `vm.Script` with the cached data, wrapped exactly like Node's CommonJS wrapper.
// It never changes what a module does, and any failure falls back to Node's own compile.
// `REFOLD_GEN_NO_COMPILE_CACHE=1` turns it off. Plain JavaScript: it runs before any loader.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { threadId } from "node:worker_threads";

/** Counts for this thread: hits (cache accepted), misses (none yet), rejected (bad or stale data ignored), written. */
export const compileCacheStats = { mode: "off", hits: 0, misses: 0, rejected: 0, written: 0 };

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
/** Data files start with the SHA-256 of what follows: a torn or corrupted file is never handed to V8. */
const DIGEST_BYTES = 32;
let pending = [];
let cacheDir;

/** The default cache directory: `.cache/refold-gen/v8` in the node_modules that holds refold-gen's libraries. */
export function defaultCacheDir() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const at = here.lastIndexOf(NODE_MODULES);
  let nodeModules = at >= 0 ? here.slice(0, at + NODE_MODULES.length) : undefined;
  for (let dir = here; !nodeModules; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "node_modules"))) nodeModules = path.join(dir, "node_modules");
    else if (path.dirname(dir) === dir) nodeModules = path.join(here, "node_modules");
  }
  return path.join(nodeModules, ".cache", "refold-gen", "v8");
}

function writableDir(dir) {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.probe-${process.pid}-${threadId}`);
    writeFileSync(probe, "");
    unlinkSync(probe);
    return dir;
  } catch {
    return undefined;
  }
}

/**
 * Turns the cache on for this thread (idempotent). `dir` overrides the location (tests); returns the
 * mode in use: "node" (Node's own cache), "hook" (the `_compile` wrapper) or "off".
 */
export function installCompileCache(dir) {
  if (compileCacheStats.mode !== "off" || process.env.REFOLD_GEN_NO_COMPILE_CACHE === "1") {
    return compileCacheStats.mode;
  }
  try {
    const uid = typeof process.getuid === "function" ? process.getuid() : "user";
    cacheDir =
      writableDir(dir ?? defaultCacheDir()) ??
      writableDir(path.join(tmpdir(), `refold-gen-v8-${uid}`));
    if (!cacheDir) return "off";
    if (typeof Module.enableCompileCache === "function") {
      Module.enableCompileCache(cacheDir);
      return (compileCacheStats.mode = "node");
    }
    const original = Module.prototype._compile;
    Module.prototype._compile = function compileWithCache(content, filename) {
      if (!filename.includes(NODE_MODULES)) return original.call(this, content, filename);
      let fn;
      try {
        fn = compileCached(content, filename);
      } catch {
        fn = undefined;
      }
      if (!fn) return original.call(this, content, filename);
      const mod = this;
      return fn.call(
        mod.exports,
        mod.exports,
        makeRequire(mod),
        mod,
        filename,
        path.dirname(filename),
      );
    };
    process.once("exit", flushCompileCache);
    return (compileCacheStats.mode = "hook");
  } catch {
    return "off";
  }
}

function compileCached(content, filename) {
  const stat = statSync(filename);
  const key = createHash("sha256")
    .update([filename, stat.size, stat.mtimeMs, process.version, process.arch].join("\0"))
    .digest("hex");
  const file = path.join(cacheDir, `${key}.bin`);
  const cachedData = readVerified(file);
  // A `vm.Script` cannot run `import()` on this Node without an experimental flag: leave files
  // that may call it to Node. Data is only ever written for a file that passed this scan, so a
  // file with data need not be scanned again (the scan of TypeScript's 9 MB takes ~10 ms).
  if (!cachedData && mayImport(content)) return undefined;
  // Node's CommonJS wrapper, on one line so that line numbers in stack traces stay right.
  const source = `(function (exports, require, module, __filename, __dirname) { ${stripHashbang(content)}\n});`;
  const script = new vm.Script(source, {
    filename,
    cachedData,
  });
  if (!cachedData) compileCacheStats.misses++;
  else if (script.cachedDataRejected) compileCacheStats.rejected++;
  else compileCacheStats.hits++;
  // Data is produced after the module has run (at exit, or `flushCompileCache`), so it also holds
  // the functions compiled lazily meanwhile.
  if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
  return script.runInThisContext({ displayErrors: true });
}

/**
 * Whether `content` may call `import()`: an occurrence counts unless it is on a comment line or
 * after an odd number of one kind of quote on its line (inside a string, as in TypeScript's
 * diagnostic messages). Errs towards "may": such a file is just compiled by Node.
 */
export function mayImport(content) {
  // `import (` and `import\n(` are calls too; any spacing counts.
  for (const match of content.matchAll(/\bimport\s*\(/g)) {
    const at = match.index;
    const before = content.slice(content.lastIndexOf("\n", at) + 1, at);
    if (/^\s*(\/\/|\/\*|\*)/.test(before)) continue;
    const unescaped = before.replace(/\\./g, "");
    if (!["'", '"', "`"].some((q) => unescaped.split(q).length % 2 === 0)) return true;
  }
  return false;
}

function readVerified(file) {
  let buf;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length <= DIGEST_BYTES) {
    compileCacheStats.rejected++;
    return undefined;
  }
  const data = buf.subarray(DIGEST_BYTES);
  if (!createHash("sha256").update(data).digest().equals(buf.subarray(0, DIGEST_BYTES))) {
    compileCacheStats.rejected++;
    return undefined;
  }
  return data;
}

const stripHashbang = (content) => (content.startsWith("#!") ? `//${content.slice(2)}` : content);

/** A `require` for `mod` like the one Node gives a module (resolve, paths, cache, main, extensions). */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/** Writes the cache data of modules compiled without it (atomically: a temp file, then rename). */
export function flushCompileCache() {
  const todo = pending;
  pending = [];
  for (const { script, file } of todo) {
    const tmp = `${file}.${process.pid}-${threadId}.tmp`;
    try {
      const data = script.createCachedData();
      writeFileSync(tmp, Buffer.concat([createHash("sha256").update(data).digest(), data]));
      renameSync(tmp, file);
      compileCacheStats.written++;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {}
    }
  }
}
