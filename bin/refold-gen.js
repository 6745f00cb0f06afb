#!/usr/bin/env node
// Entry point of the `refold-gen` binary. The generator is TypeScript run through tsx,
// so a fresh clone works after `npm install` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../generator/cli.ts");
process.exitCode = await main(process.argv.slice(2));
