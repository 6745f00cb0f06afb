/**
 * `npm run emulator` (the README's command in this repository): killing npm must not leave the
 * emulator serving its port as an orphan (npm starts it through a shell that dies alone).
 */
import { spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it("SIGTERM to npm: the emulator exits and its port is closed", async () => {
  const npm = spawn("npm", ["run", "--silent", "emulator", "--", "--port", "0"], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  npm.stdout.on("data", (c) => (out += c));
  npm.stderr.on("data", (c) => (out += c));
  const end = Date.now() + 30_000;
  let banner: RegExpMatchArray | null = null;
  while (!(banner = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)[\s\S]*PID\s+(\d+)/))) {
    if (Date.now() > end) throw new Error(`no banner:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const [port, pid] = [Number(banner[1]), Number(banner[2])];
  expect(pid).not.toBe(npm.pid);
  expect(running(pid)).toBe(true);
  npm.kill("SIGTERM");
  const stopBy = Date.now() + 5_000;
  while (running(pid) && Date.now() < stopBy) await new Promise((r) => setTimeout(r, 50));
  if (running(pid)) process.kill(pid, "SIGKILL"); // never leave it behind, even when failing
  expect(running(pid)).toBe(false);
  const accepted = await new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
  expect(accepted).toBe(false);
});
