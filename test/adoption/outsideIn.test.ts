/**
 * Outside in: refold-gen as someone else's app gets it. The project is packed, the tarball is
 * installed offline into a temporary app outside this repository, and everything runs through
 * the installed package: `npx refold-gen` generate / init / emulator, the config file formats,
 * `defineConfig` under NodeNext, CommonJS (node16) and Bundler, the generated client compiled by
 * the app's own TypeScript 5.9 and 7 with every strict flag, and real calls to the emulator.
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  symlinkSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VARIANTS, writeApp, writeConfigProbe } from "./apps.js";
import { installApp, pack } from "./install.js";
import { isRunning, runIn, startServer, type Server } from "./processes.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "refold-adoption-"));
const install = path.join(tmp, "install");
const nodeModules = path.join(install, "node_modules");
const TSC5 = path.join(nodeModules, "typescript/bin/tsc");
const TSC7 = path.join(nodeModules, "typescript7/bin/tsc");
let emulator: Server;
let credentials: NodeJS.ProcessEnv;

/** A fresh app directory linked to the shared install. */
function appDir(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true }));
  return dir;
}

const npx = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runIn(cwd, "npx", ["--offline", "refold-gen", ...args], env);
/** The same installed binary without npx's own start-up (about 1 s a call). */
const bin = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runIn(cwd, process.execPath, [path.join(cwd, "node_modules/.bin/refold-gen"), ...args], env);

beforeAll(async () => {
  await installApp(install, await pack(tmp));
  emulator = await startServer(install, process.execPath, [
    path.join(nodeModules, ".bin/refold-gen"),
    "emulator",
    "--port",
    "0",
  ]);
  credentials = {
    REFOLD_API_KEY: "tk_emulator_test_key",
    REFOLD_LINKED_ACCOUNT_ID: "acme",
    REFOLD_BASE_URL: emulator.url,
  };
}, 180_000);

afterAll(async () => {
  if (emulator) {
    emulator.child.kill("SIGTERM");
    await emulator.exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

describe("the installed package", () => {
  it("ships compiled JavaScript with types, and runs it without tsx", () => {
    const pkg = path.join(nodeModules, "refold-gen");
    for (const file of [
      "dist/cli/cli.js",
      "dist/generator/emit/emitWorker.js",
      "dist/generator/index.d.ts",
      "dist/generator/core/defineConfig.d.cts",
      "dist/emulator/cli.js",
      "generated/schemas/hubspot.json",
    ])
      expect(existsSync(path.join(pkg, file)), file).toBe(true);
    expect(readFileSync(path.join(pkg, "bin/refold-gen.js"), "utf8")).toContain("dist/cli/cli.js");
  });

  it("prints its version and help", async () => {
    const version = await npx(install, ["--version"]);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(path.join(nodeModules, "refold-gen/package.json"), "utf8")).version,
    );
    const help = await bin(install, ["help", "generate"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--watch");
  });

  it("without a key or a snapshot: exit 2 naming both ways forward, nothing written", async () => {
    const dir = appDir("no-catalog");
    const run = await npx(dir, ["generate"], { REFOLD_API_KEY: "", REFOLD_SESSION_TOKEN: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/REFOLD_API_KEY and REFOLD_LINKED_ACCOUNT_ID/);
    expect(run.stderr).toMatch(/npx refold-gen generate --demo/);
    expect(existsSync(path.join(dir, "generated"))).toBe(false);
    const demo = await bin(dir, ["generate", "--demo"]);
    expect(demo.stderr).not.toMatch(/error/);
    expect(demo.code).toBe(0);
    expect(readdirSync(path.join(dir, "generated/schemas"))).toContain("hubspot.json");
  });

  it("an app that cannot resolve undici is told to install it", async () => {
    const dir = path.join(tmp, "no-undici");
    mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    symlinkSync(
      path.join(nodeModules, "refold-gen"),
      path.join(dir, "node_modules/refold-gen"),
      "dir",
    );
    const bin = path.join(dir, "node_modules/refold-gen/bin/refold-gen.js");
    const run = await runIn(dir, process.execPath, [bin, "generate", "--demo"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /the generated code imports "undici", which generated cannot resolve\. .*npm install undici/,
    );
  });

  it("init writes a commented config (out src/refold under rootDir src), the .gitattributes line, and never overwrites", async () => {
    const dir = appDir("init");
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      `{\n  // comments are allowed\n  "compilerOptions": { "rootDir": "./src", },\n}\n`,
    );
    writeFileSync(path.join(dir, ".gitattributes"), "* text=auto");
    const first = await npx(dir, ["init"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("npx refold-gen generate --check");
    const config = readFileSync(path.join(dir, "refold.config.ts"), "utf8");
    expect(config).toContain('out: "src/refold"');
    expect(config).toContain('from "refold-gen"');
    expect(readFileSync(path.join(dir, ".gitattributes"), "utf8")).toBe(
      "* text=auto\nsrc/refold/** linguist-generated=true\n",
    );
    writeFileSync(path.join(dir, "refold.config.ts"), "// mine\n");
    const second = await bin(dir, ["init"]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("refold.config.ts exists; left unchanged");
    expect(readFileSync(path.join(dir, "refold.config.ts"), "utf8")).toBe("// mine\n");
    expect(readFileSync(path.join(dir, ".gitattributes"), "utf8")).toBe(
      "* text=auto\nsrc/refold/** linguist-generated=true\n",
    );
  });

  it("the emulator from the package: a busy port gets a clear message", async () => {
    const port = new URL(emulator.url).port;
    const run = await runIn(tmp, process.execPath, [
      path.join(nodeModules, ".bin/refold-gen"),
      "emulator",
      "--port",
      port,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*--port 0`),
    );
  });

  it("npx refold-gen emulator stops on SIGTERM and leaves no process behind", async () => {
    const server = await startServer(install, "npx", [
      "--offline",
      "refold-gen",
      "emulator",
      "--port",
      "0",
    ]);
    expect(server.output()).toContain("REFOLD_API_KEY=tk_emulator_test_key");
    expect(server.output()).toMatch(/linked accounts .*acme/);
    expect(isRunning(server.pid)).toBe(true);
    server.child.kill("SIGTERM");
    await server.exited;
    // The emulator process itself (its PID is in the banner) is gone, and so is its port.
    await waitFor(() => !isRunning(server.pid), 20_000);
    const orphaned = isRunning(server.pid);
    if (orphaned) process.kill(server.pid, "SIGKILL"); // never leave it behind, even when failing
    expect(orphaned).toBe(false);
    expect(await accepts(new URL(server.url))).toBe(false);
  });
});

describe.each(VARIANTS)("defineConfig from the package: $name", (variant) => {
  it("resolves to JavaScript with types: TS 5.9 and 7 accept it, reject a wrong option, and Node runs it", async () => {
    const dir = path.join(tmp, `probe-${variant.name}`);
    writeConfigProbe(dir, variant, nodeModules);
    const tsc5 = await runIn(dir, process.execPath, [TSC5, "-p", "tsconfig.json"]);
    expect(tsc5.stdout + tsc5.stderr).toBe("");
    const tsc7 = await runIn(dir, process.execPath, [TSC7, "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc7.stdout + tsc7.stderr).toBe("");
    const ran = await runIn(dir, process.execPath, ["build/probe.js"]);
    expect(ran.stderr).toBe("");
    expect(JSON.parse(ran.stdout)).toEqual({
      out: "src/refold",
      kinds: { "hubspot/search_contacts": "read" },
    });
  });
});

describe.each(VARIANTS)("an app: $name", (variant) => {
  const dir = path.join(tmp, variant.name);

  it("generates from the emulator, type-checks with TS 5.9 and 7, and calls the emulator", async () => {
    writeApp(dir, variant, nodeModules);
    // npx once (the README's command); the installed binary directly for the other apps.
    const run = variant === VARIANTS[0] ? npx : bin;
    const generated = await run(dir, ["generate"], credentials);
    expect(generated.stderr).not.toMatch(/error|warning/);
    expect(generated.code).toBe(0);
    expect(readdirSync(path.join(dir, "src/refold/schemas")).sort()).toEqual([
      "hubspot.json",
      "slack.json",
    ]);

    const tsc5 = await runIn(dir, process.execPath, [TSC5, "-p", "tsconfig.json"]);
    expect(tsc5.stdout + tsc5.stderr).toBe("");
    const tsc7 = await runIn(dir, process.execPath, [TSC7, "-p", "tsconfig.json", "--noEmit"]);
    expect(tsc7.stdout + tsc7.stderr).toBe("");

    const called = await runIn(dir, process.execPath, ["build/main.js"], credentials);
    expect(called.stderr).toBe("");
    const result = JSON.parse(called.stdout);
    expect(result.out).toBe("src/refold");
    expect(result.contact).toMatchObject({ id: expect.anything() });
    expect(result.sent).toBeTruthy();

    // The check step of the CI snippet: current output passes, without the live fetch's flags.
    const check = await bin(dir, ["generate", "--check", "--apps", "hubspot"], credentials);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);

    // Stale output: --check names the command to run in this app.
    writeFileSync(path.join(dir, "src/refold/apps/slack.ts"), "// edited\n");
    const stale = await bin(dir, ["generate", "--check"], credentials);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /~ apps\/slack\.ts[\s\S]*Run `npx refold-gen generate` and commit the result/,
    );
  }, 240_000);
});

async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

function accepts(url: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}
