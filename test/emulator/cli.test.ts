import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { request } from "undici";
import { writeFixtureDir } from "./helpers.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("npm run emulator (emulator/cli.ts)", () => {
  it("prints the URL, key and accounts, serves, and exits on SIGINT", async () => {
    const catalogDir = writeFixtureDir();
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "emulator/cli.ts",
        "--port",
        "0",
        "--catalog",
        catalogDir,
        "--key",
        "tk_cli_key",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
          // Wait for the whole banner (stdout may arrive in several chunks).
          if (match && out.includes("Ctrl-C")) {
            clearInterval(timer);
            resolve(match[1]);
          }
        }, 20);
        exited.then(() => reject(new Error(`cli exited early:\n${out}`)));
      });
      expect(out).toContain("tk_cli_key");
      expect(out).toContain("acme, globex, initech");
      const res = await request(`${url}/api/v2/public/application`, {
        headers: { "x-api-key": "tk_cli_key", linked_account_id: "acme" },
      });
      expect(res.statusCode).toBe(200);
      expect(((await res.body.json()) as unknown[]).length).toBe(3);
    } finally {
      child.kill("SIGINT");
      await exited;
      rmSync(catalogDir, { recursive: true, force: true });
    }
    expect(await exited).toBe(0);
  });

  it("rejects a bad port with exit code 2", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "emulator/cli.ts", "--port", "x"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port");
  });
});
