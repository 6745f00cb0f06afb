// Shared by the hostile, property and kill tests: run the real pipeline on in-memory snapshots,
// type-check many outputs in one compiler run, and record what the generated client sends.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { classifyCatalog } from "../../generator/model/classify.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import { sha256 } from "../../generator/core/hash.js";
import { generate, type GenerateResult } from "../../generator/generate.js";
import type { CatalogModel } from "../../generator/core/model.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";
import type { WireAppSnapshot } from "../../generator/core/snapshot.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const TSC7 = path.join(ROOT, "node_modules/typescript7/bin/tsc");
export const CLI = path.join(ROOT, "bin/refold-gen.js");

/** A scratch directory inside the repo (so `undici` and `@types/node` resolve); `.tmp-*` is ignored by git and tsconfig. */
export function scratchDir(name: string): string {
  const dir = path.join(ROOT, "test/hostile", `.tmp-${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const sources = (apps: unknown[], prefix = "case") =>
  apps.map((snapshot, i) => ({
    source: `${prefix}/${i}.json`,
    snapshot: snapshot as WireAppSnapshot,
  }));

/** The real pipeline on in-memory snapshots, written to `out`. */
export async function generateFrom(
  apps: unknown[],
  out: string,
  over: Partial<GenerateOptions> = {},
): Promise<GenerateResult> {
  return generate(
    { ...defaultOptions({}), out, offline: true, cache: false, ...over },
    { source: async () => sources(apps) },
  );
}

/** The named models the pipeline builds (to know which method calls which action). */
export function modelsOf(apps: unknown[]): CatalogModel {
  const diagnostics = new Diagnostics();
  return classifyCatalog(
    nameCatalog(sources(apps).map((f) => normalizeApp(f.snapshot, f.source, diagnostics))),
  );
}

/** Relative path → sha256 of every file under `dir` (empty map when missing). */
export function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), sha256(readFileSync(full)));
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2022"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noEmit: true,
  types: ["node"],
  verbatimModuleSyntax: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
};

/**
 * Replaces each output's `runtime/` by one-line entries (`runtime/index.ts`, `app.ts`, `all.ts`) re-exporting one shared copy
 * (after checking the copies are byte-identical), so one compiler run checks the runtime once
 * and every generated module against it, and every client calls the real executor.
 */
export function shareRuntime(project: string, outs: string[]): void {
  const shared = path.join(project, "runtime");
  rmSync(shared, { recursive: true, force: true });
  let reference: string | undefined;
  for (const out of outs) {
    const runtime = path.join(out, "runtime");
    const tree = hashTree(runtime);
    const digest = JSON.stringify([...tree]);
    if (reference === undefined) {
      reference = digest;
      mkdirSync(shared, { recursive: true });
      for (const [file] of tree)
        writeFileSync(path.join(shared, file), readFileSync(path.join(runtime, file)));
    } else if (digest !== reference) {
      throw new Error(`${runtime} differs from the other outputs' runtime`);
    }
    rmSync(runtime, { recursive: true, force: true });
    mkdirSync(runtime);
    for (const entry of ["index", "app", "all"]) {
      const relative = path
        .relative(runtime, path.join(shared, `${entry}.js`))
        .split(path.sep)
        .join("/");
      writeFileSync(path.join(runtime, `${entry}.ts`), `export * from "${relative}";\n`);
    }
  }
}

/** Writes `<project>/tsconfig.json` (strict, NodeNext) over `include`. */
export function writeTsconfig(project: string, include: string[]): void {
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include }, null, 2),
  );
}

/** One TypeScript 5.x program over `<project>/tsconfig.json` (see `writeTsconfig`); the diagnostics as text. */
export function typeCheck(project: string): string[] {
  const { config } = ts.readConfigFile(path.join(project, "tsconfig.json"), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, project);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${path.relative(project, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

/** TypeScript 7 (native) over the tsconfig `typeCheck` wrote; resolves to its output. */
export async function typeCheck7(project: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [TSC7, "-p", path.join(project, "tsconfig.json")],
      { cwd: project, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message;
  }
}

export interface Recorded {
  method: string;
  /** The request target exactly as it arrived (no decoding). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A Refold stand-in on 127.0.0.1:0 that records every request and answers success. */
export async function startRecorder() {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ node_status: "Success", data: { ok: true }, http_status: 200 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
