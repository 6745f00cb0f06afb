#!/usr/bin/env node
// Entry point of the `refold-gen` binary. An installed copy (under node_modules) always runs the
// compiled JavaScript in dist/, shipped in the package: the CLI bundled into a few files
// (dist/cli/, so Node loads a few modules instead of some eighty). In refold-gen's own checkout it
// runs the build when that is newer than every source, and otherwise the TypeScript sources
// through tsx, so an edited checkout never runs stale code (the build compiles templates/runtime/
// too: the generator and the emulator import it).
import { readdirSync, statSync } from "node:fs";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const installed = root.split(sep).includes("node_modules");

function buildIsCurrent() {
  try {
    const built = statSync(`${root}dist/cli/cli.js`).mtimeMs;
    return ["generator", "emulator", "templates"].every((dir) =>
      readdirSync(`${root}${dir}`, { recursive: true })
        .filter((f) => /\.c?(ts|js)$/.test(String(f)))
        .every((f) => statSync(`${root}${dir}/${f}`).mtimeMs <= built),
    );
  } catch {
    return false;
  }
}

let main;
if (installed || buildIsCurrent()) {
  ({ main } = await import("../dist/cli/cli.js"));
} else {
  (await import("tsx/esm/api")).register();
  ({ main } = await import("../generator/cli.ts"));
}
process.exitCode = await main(process.argv.slice(2));
