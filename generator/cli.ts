/**
 * The `refold-gen` command line: dispatches `generate` (the default), `init`, `emulator`, `help`
 * and `--version`, and maps outcomes to exit codes (0 ok, 1 generation failed or drift, 2 a user
 * error, 70 a bug). Each command's module is imported only when it runs, so `--version` and
 * `help` start fast.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { didYouMean } from "./core/didYouMean.js";
import { UsageError } from "./core/errors.js";
import { GENERATE_HELP, HELP, INIT_HELP } from "./cli/help.js";
import { PACKAGE_ROOT } from "./core/paths.js";
import { createReporter } from "./cli/reporter.js";

export { parseCli } from "./cli/generateCommand.js";
export { GENERATE_HELP, HELP } from "./cli/help.js";

const COMMANDS = ["generate", "init", "emulator", "mcp", "help"] as const;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const reporter = createReporter({ env, stdout: process.stdout, stderr: process.stderr });
  try {
    const [first, ...rest] = argv;
    if (first === "--version" || first === "-v" || first === "version") {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (first === "--help" || first === "-h") return print(HELP);
    if (first === "help") return print(await helpFor(rest[0]));
    if (first === "init") {
      if (rest.includes("--help") || rest.includes("-h")) return print(INIT_HELP);
      if (rest.length) throw new UsageError(`\`init\` takes no arguments (got ${rest.join(" ")}).`);
      return (await import("./cli/init.js")).init(process.cwd(), process.stdout);
    }
    if (first === "emulator") return (await import("../emulator/cli.js")).runEmulator(rest);
    if (first === "mcp") return await (await import("./cli/mcpCommand.js")).runMcp(rest, env);
    if (first !== undefined && first !== "generate" && !first.startsWith("-"))
      throw new UsageError(
        `Unknown command "${first}".${didYouMean(first, COMMANDS)} Commands: ${COMMANDS.join(", ")}.`,
      );
    const { runGenerate } = await import("./cli/generateCommand.js");
    return await runGenerate(first === "generate" ? rest : argv, env, reporter);
  } catch (error) {
    return reporter.fail(error);
  }
}

async function helpFor(command: string | undefined): Promise<string> {
  switch (command) {
    case undefined:
    case "help":
      return HELP;
    case "generate":
      return GENERATE_HELP;
    case "init":
      return INIT_HELP;
    case "emulator":
      return (await import("../emulator/cli.js")).EMULATOR_USAGE;
    case "mcp":
      return (await import("./cli/mcpCommand.js")).MCP_USAGE;
    default:
      throw new UsageError(
        `No help for "${command}": it is not a command.${didYouMean(command, COMMANDS)} Commands: ${COMMANDS.join(", ")}.`,
      );
  }
}

function print(text: string): number {
  process.stdout.write(text + "\n");
  return 0;
}

function version(): string {
  return JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")).version;
}
