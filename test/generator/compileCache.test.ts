/**
 * The V8 compile cache (generator/core/compileCache.js): a second process compiles node_modules
 * CommonJS from the cache, a corrupted cache file is ignored (and the module still runs), files
 * outside node_modules are left to Node, and REFOLD_GEN_NO_COMPILE_CACHE=1 turns it off. Each
 * load runs in a fresh Node process, importing the CommonJS module from ESM as the generator does.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const MODULE = pathToFileURL(path.resolve("generator/core/compileCache.js")).href;
const work = mkdtempSync(path.join(tmpdir(), "refold-compile-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Load {
  mode: string;
  hits: number;
  misses: number;
  rejected: number;
  written: number;
  value: unknown;
}

/** Imports `entry` in a fresh process with the cache in `cacheDir`; returns its stats and export. */
function load(entry: string, cacheDir: string, env: NodeJS.ProcessEnv = {}): Load {
  const script = `
    const { installCompileCache, compileCacheStats } = await import(${JSON.stringify(MODULE)});
    installCompileCache(${JSON.stringify(cacheDir)});
    const m = await import(${JSON.stringify(pathToFileURL(entry).href)});
    const value = m.default.answer(20);
    process.on("exit", () => console.log(JSON.stringify({ ...compileCacheStats, value })));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, REFOLD_GEN_NO_COMPILE_CACHE: "", ...env },
    encoding: "utf8",
  });
  // The exit handler that prints runs after the cache's own (registered first), so `written` is final.
  return JSON.parse(out.trim().split("\n").at(-1)!) as Load;
}

/** A CommonJS package `<root>/node_modules/<name>` whose export uses require, __dirname and a hashbang. */
function fixture(root: string, name: string): string {
  const dir = path.join(root, "node_modules", name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "helper.js"), "module.exports = (n) => n * 2;\n");
  const entry = path.join(dir, "index.js");
  writeFileSync(
    entry,
    [
      "#!/usr/bin/env node",
      "const double = require('./helper.js');",
      "const base = require('node:path').basename(__dirname);",
      "exports.answer = (n) => `${base}:${double(n) + 2}:${typeof require.resolve}`;",
      "",
    ].join("\n"),
  );
  return entry;
}

describe("mayImport: files that may call import() are left to Node", () => {
  const MODULE_PATH = path.resolve("generator/core/compileCache.js");
  it.each([
    { given: 'const p = import("./index.mjs");', want: true },
    { given: "  await import(name)", want: true },
    { given: "const m = await import (name);", want: true },
    { given: "load(() => import\n  (name))", want: true },
    { given: "a = 'it\\'s'; import(b)", want: true },
    { given: "msg(\"Did you mean 'typeof import('{0}')'?\")", want: false },
    { given: 'parts.push({ text: "import(" });', want: false },
    { given: "return `import(${quote}${name}`;", want: false },
    { given: "// a dynamic import(x) in a comment", want: false },
    { given: "no dynamic import here", want: false },
  ])("$given → $want", async ({ given, want }) => {
    const { mayImport } = (await import(MODULE_PATH)) as { mayImport(s: string): boolean };
    expect(mayImport(given)).toBe(want);
  });
});

const bins = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".bin"));

const nodeHasCompileCache =
  typeof ((await import("node:module")).default as { enableCompileCache?: unknown })
    .enableCompileCache === "function";

describe.skipIf(nodeHasCompileCache)("compile cache (Node < 22.1: the _compile hook)", () => {
  it("writes data on the first load, hits it on the second, with the same result", () => {
    const entry = fixture(path.join(work, "a"), "lib");
    const cacheDir = path.join(work, "a-cache");
    const cold = load(entry, cacheDir);
    expect(cold).toMatchObject({ mode: "hook", hits: 0, misses: 2, rejected: 0, written: 2 });
    expect(bins(cacheDir)).toHaveLength(2);
    const warm = load(entry, cacheDir);
    expect(warm).toMatchObject({ mode: "hook", hits: 2, misses: 0, rejected: 0, written: 0 });
    expect(warm.value).toBe("lib:42:function");
    expect(cold.value).toBe(warm.value);
  });

  it("ignores a corrupted or truncated cache file and rewrites it", () => {
    const entry = fixture(path.join(work, "b"), "lib");
    const cacheDir = path.join(work, "b-cache");
    load(entry, cacheDir);
    const [first, second] = bins(cacheDir).map((f) => path.join(cacheDir, f));
    writeFileSync(first!, Buffer.alloc(4096, 0x5a));
    writeFileSync(second!, Buffer.alloc(8));
    const damaged = load(entry, cacheDir);
    expect(damaged).toMatchObject({ hits: 0, rejected: 2, written: 2, value: "lib:42:function" });
    expect(load(entry, cacheDir)).toMatchObject({ hits: 2, rejected: 0 });
  });

  it("leaves files outside node_modules to Node, and is off under REFOLD_GEN_NO_COMPILE_CACHE=1", () => {
    const outside = path.join(work, "c", "plain.cjs");
    mkdirSync(path.dirname(outside), { recursive: true });
    writeFileSync(outside, "exports.answer = (n) => n + 1;\n");
    const cacheDir = path.join(work, "c-cache");
    expect(load(outside, cacheDir)).toMatchObject({
      mode: "hook",
      misses: 0,
      written: 0,
      value: 21,
    });
    const entry = fixture(path.join(work, "d"), "lib");
    expect(load(entry, cacheDir, { REFOLD_GEN_NO_COMPILE_CACHE: "1" })).toMatchObject({
      mode: "off",
      misses: 0,
      value: "lib:42:function",
    });
    expect(bins(cacheDir)).toHaveLength(0);
  });

  it("is hit for ts-morph (with its bundled TypeScript) imported from ESM", () => {
    const cacheDir = path.join(work, "tsm-cache");
    const script = (dir: string) => `
        const { installCompileCache, compileCacheStats } = await import(${JSON.stringify(MODULE)});
        installCompileCache(${JSON.stringify(dir)});
        const { Project } = await import("ts-morph");
        const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("a.ts", "let a = 1");
        process.on("exit", () => console.log(JSON.stringify({ ...compileCacheStats, text: file.getText() })));`;
    const run = () =>
      JSON.parse(
        execFileSync(process.execPath, ["--input-type=module", "-e", script(cacheDir)], {
          encoding: "utf8",
          env: { ...process.env, REFOLD_GEN_NO_COMPILE_CACHE: "" },
        })
          .trim()
          .split("\n")
          .at(-1)!,
      ) as Load & { text: string };
    const cold = run();
    expect(cold.misses).toBeGreaterThan(0);
    const warm = run();
    expect(warm).toMatchObject({ hits: cold.misses, misses: 0, rejected: 0, text: "let a = 1" });
  }, 60_000);
});
