/** Child processes of the adoption tests: run to completion, or start a server and read its banner. */
import { execFile, spawn, type ChildProcess } from "node:child_process";

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` to completion (never throws on a non-zero exit). */
export function runIn(
  cwd: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        env: { ...process.env, NO_COLOR: "1", CI: "1", ...env },
        timeout: timeoutMs,
        maxBuffer: 16 << 20,
      },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code as number) : 0;
        resolve({ code: typeof code === "number" ? code : -1, stdout, stderr });
      },
    );
  });
}

export interface Server {
  child: ChildProcess;
  output(): string;
  url: string;
  pid: number;
  exited: Promise<number | null>;
}

/** Starts `command` and waits for the emulator's banner (URL and PID). */
export async function startServer(cwd: string, command: string, args: string[]): Promise<Server> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const banner = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*PID\s+(\d+)/);
      if (match && out.includes("Ctrl-C")) {
        clearInterval(timer);
        resolve(match);
      }
    }, 20);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before serving:\n${out}`));
    });
  });
  return { child, output: () => out, url: banner[1]!, pid: Number(banner[2]), exited };
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
