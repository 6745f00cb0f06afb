/** Measuring a child process for `npm run bench`: wall time from spawn to exit, and peak RSS. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface Measured {
  ms: number;
  /** Peak RSS in MiB, or null when it could not be read. */
  rssMiB: number | null;
  stdout: string;
  stderr: string;
  code: number | null;
}

const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = (() => {
  if (!existsSync(GNU_TIME)) return false;
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr);
})();

let tmpCounter = 0;
function tmpFile(work: string, name: string): string {
  mkdirSync(path.join(work, "tmp"), { recursive: true });
  return path.join(work, "tmp", `${name}-${process.pid}-${tmpCounter++}`);
}

/** The fallback RSS hook: each Node process of the tree appends its own maxRSS (KiB) on exit. */
function rssHook(work: string): string {
  const file = path.join(work, "maxrss-hook.mjs");
  writeFileSync(
    file,
    `import { appendFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
const out = process.env.BENCH_RSS_FILE;
if (isMainThread && out) process.on("exit", () => appendFileSync(out, process.resourceUsage().maxRSS + "\\n"));
`,
  );
  return pathToFileURL(file).href;
}

/** Runs `node <args>` in a child process; wall time from spawn to exit, and peak RSS. */
export async function measureNode(
  work: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Measured> {
  const rssFile = tmpFile(work, "rss");
  const env = { ...(options.env ?? childEnv()) };
  let command: string;
  let argv: string[];
  if (hasGnuTime) {
    command = GNU_TIME;
    argv = ["-f", "%M", "-o", rssFile, process.execPath, ...args];
  } else {
    command = process.execPath;
    argv = ["--import", rssHook(work), ...args];
    env.BENCH_RSS_FILE = rssFile;
  }
  const started = performance.now();
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c) => resolve(c));
  });
  const ms = performance.now() - started;
  let rssMiB: number | null = null;
  try {
    const kib = readFileSync(rssFile, "utf8")
      .split("\n")
      .map((l) => Number(l.trim()))
      .filter((n) => Number.isFinite(n) && n > 0);
    if (kib.length) rssMiB = Math.max(...kib) / 1024;
  } catch {
    // no RSS (the process did not get to write it)
  }
  rmSync(rssFile, { force: true });
  return { ms, rssMiB, stdout, stderr, code };
}

/** The environment for children: no Refold credentials, no colors, not a TTY-style run. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", CI: "true" };
  for (const key of Object.keys(env)) if (key.startsWith("REFOLD_")) delete env[key];
  return { ...env, ...extra };
}

export function check(m: Measured, what: string): Measured {
  if (m.code !== 0) {
    throw new Error(
      `${what} exited with ${m.code}\n--- stdout ---\n${m.stdout.slice(-4000)}\n--- stderr ---\n${m.stderr.slice(-4000)}`,
    );
  }
  return m;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
export const peak = (xs: (number | null)[]) => {
  const known = xs.filter((x): x is number => x !== null);
  return known.length ? Math.max(...known) : null;
};
