#!/usr/bin/env node
// Entry point of the `refold-gen` binary. It runs the build in dist/ (made by `npm run build`,
// which `npm install` runs as `prepare`) when that build is newer than every generator source,
// and otherwise the TypeScript sources through tsx, so an edited checkout never runs stale code.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function buildIsCurrent() {
  try {
    const built = statSync(`${root}dist/generator/cli.js`).mtimeMs;
    return readdirSync(`${root}generator`, { recursive: true })
      .filter((f) => /\.(ts|js)$/.test(String(f)))
      .every((f) => statSync(`${root}generator/${f}`).mtimeMs <= built);
  } catch {
    return false;
  }
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import("../dist/generator/cli.js"));
} else {
  (await import("tsx/esm/api")).register();
  ({ main } = await import("../generator/cli.ts"));
}
process.exitCode = await main(process.argv.slice(2));
