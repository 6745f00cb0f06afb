/** Shared helpers for the live-source tests: temp dirs, directory snapshots, CLI capture, options. */
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/server.js";
import { GenerationError } from "../../generator/core/errors.js";
import { main } from "../../generator/cli.js";
import { liveSource, type FetchDeps, type ProgressReporter } from "../../generator/source/fetchCatalog.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const COMMITTED_SCHEMAS = path.join(REPO, "generated/schemas");
export const BIN = path.join(REPO, "bin/refold-gen.js");

const made: string[] = [];

/** A fresh directory under os.tmpdir(), removed by `cleanupTemp()`. */
export async function tempDir(prefix = "refold-live-"): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function cleanupTemp(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Every file under `dir` (relative path → bytes); empty when the directory does not exist. */
export async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (!existsSync(dir)) return files;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join("/"), await readFile(full));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The tree as text, for readable `toEqual` diffs. */
export async function readTreeText(dir: string): Promise<Record<string, string>> {
  const tree = await readTree(dir);
  return Object.fromEntries([...tree].map(([file, bytes]) => [file, bytes.toString("utf8")]));
}

/** Options for a live run against `baseUrl` (no config file, no environment defaults). */
export function liveOptions(
  baseUrl: string,
  out: string,
  overrides: Partial<GenerateOptions> = {},
): GenerateOptions {
  return {
    ...defaultOptions({}),
    offline: false,
    baseUrl,
    out,
    linkedAccountId: "acme",
    ...overrides,
  };
}

/** Waits that return at once and are recorded; a clock that only moves when a wait "happens". */
export function instantDeps(random = 0.5): FetchDeps & { sleeps: number[]; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  const sleeps: number[] = [];
  return {
    sleeps,
    clock,
    random: () => random,
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
    },
  };
}

/** A reporter that records what it was told. */
export function recordingReporter(): ProgressReporter & { lines: string[]; ended: number } {
  const r = {
    lines: [] as string[],
    ended: 0,
    progress: (text: string) => void r.lines.push(text),
    endProgress: () => void (r.ended += 1),
  };
  return r;
}

/** An empty config file, so in-process CLI runs never pick up a refold.config.ts from the cwd. */
export async function emptyConfig(): Promise<string> {
  const dir = await tempDir("refold-config-");
  const file = path.join(dir, "refold.config.mjs");
  await writeFile(file, "export default {};\n");
  return file;
}

/** Runs `main()` in this process with stdout/stderr captured. */
export async function runMain(
  argv: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(argv, env);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Runs the real binary in a child process (asynchronously, so an in-process emulator keeps serving). */
export function runBin(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("REFOLD_")),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...clean, NO_COLOR: "1", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A bare HTTP server on 127.0.0.1, for answers the emulator never gives. */
export async function rawServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The GenerationError `promise` rejects with; its message must be one paragraph ending in "Nothing was written". */
export async function failure(promise: Promise<unknown>): Promise<GenerationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GenerationError);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n/); // one paragraph
  expect(message).toMatch(/Nothing was written; the previous output is unchanged\.$/);
  return error as GenerationError;
}

/**
 * Registers a test file's emulator hooks: start before all tests (handing it to `onStart`), reset
 * after each, close it and remove the temporary directories after all.
 */
export function useLiveEmulator(
  onStart: (emulator: Emulator) => void,
  options: EmulatorOptions = {},
): void {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
    onStart(emulator);
  });
  afterEach(() => emulator?.reset());
  afterAll(async () => {
    await emulator?.close();
    await cleanupTemp();
  });
}

/** One run of the live source against `url` for account acme, writing nothing: its snapshot files. */
export function fetchLive(
  url: string,
  overrides: Partial<GenerateOptions>,
  env: NodeJS.ProcessEnv,
  deps: FetchDeps,
) {
  return liveSource(liveOptions(url, "unused", overrides), env, recordingReporter(), deps)();
}

/** How many `get-action` requests for `actionId` the emulator has recorded. */
export function actionHits(emulator: Emulator, actionId = "create_contact"): number {
  return emulator.requests.filter((r) => r.endpoint === "get-action" && r.actionId === actionId)
    .length;
}
