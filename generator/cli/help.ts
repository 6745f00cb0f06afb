/** The CLI's help texts; the generate options come from the one flag table. */
import { flagsHelp, GENERATE_FLAGS } from "./flags.js";

export const HELP = `Usage: refold-gen <command> [options]

Commands:
  generate      generate typed per-app clients from the Refold action catalog (the default)
  init          write a commented refold.config.ts and the .gitattributes line; print the CI step
  emulator      run a local Refold-compatible server to develop and test against
  mcp           serve a linked account's actions as MCP tools over stdio
  help [cmd]    show help for a command

Options:
  -v, --version print the version
  -h, --help    show this help

Run \`refold-gen help generate\` for the generator's options.`;

export const GENERATE_HELP = `Usage: refold-gen generate [options]

Generates typed per-app clients from the Refold action catalog.
With REFOLD_API_KEY (and REFOLD_LINKED_ACCOUNT_ID) or REFOLD_SESSION_TOKEN set, the catalog is
fetched live and written to <out>/schemas; otherwise the snapshot in <out>/schemas is used.
Settings come from flags, then refold.config.ts, then the environment, then the defaults.

Options:
${flagsHelp(GENERATE_FLAGS)}

Exit codes: 0 success, 1 generation failed or --check found drift, 2 usage or configuration error.`;

export const INIT_HELP = `Usage: refold-gen init

Writes a commented refold.config.ts (out: "src/refold" when tsconfig.json has rootDir "src",
else "generated"), marks the output linguist-generated in .gitattributes, and prints the CI step.
Never overwrites a file that exists.`;
