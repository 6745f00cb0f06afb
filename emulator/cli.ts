/**
 * `refold-gen emulator` (and `npm run emulator`): starts the Refold-compatible local server and
 * prints its URL, the accepted test key, the linked account ids and its PID; runs until SIGINT,
 * SIGTERM or SIGHUP (or, started by npm, until npm exits), then closes every connection and exits 0.
 *
 *   --port N          listen on 127.0.0.1:N (default 4010; 0 = any free port)
 *   --catalog DIR     serve the snapshot files of DIR (default: the catalog shipped with refold-gen)
 *   --key KEY         accept KEY as x-api-key (repeatable; default tk_emulator_test_key)
 *   --discovery-account ID   account used by schema discovery calls without linked_account_id
 *   --no-rate-limit   disable the 20 req/s (burst 5) per-account limit
 *   --wrapped         answer list endpoints as {actions} / {parameters}
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BUNDLED_SNAPSHOT_DIR } from "../generator/core/paths.js";
import { startEmulator } from "./server.js";

export const EMULATOR_USAGE = `Usage: refold-gen emulator [options]

Runs a local Refold-compatible server (all five endpoints, both auth modes, fake providers).

Options:
  --port N                 listen on 127.0.0.1:N (default: 4010; 0 = any free port)
  --catalog DIR            serve the snapshot files of DIR (default: the sample catalog)
  --key KEY                accept KEY as x-api-key (repeatable; default: tk_emulator_test_key)
  --discovery-account ID   account for schema calls without linked_account_id
  --no-rate-limit          disable the 20 req/s (burst 5) per-account limit
  --wrapped                answer list endpoints as {actions} / {parameters}
  -h, --help               show this help

Stops on Ctrl-C (SIGINT) or SIGTERM.`;

export async function runEmulator(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        catalog: { type: "string" },
        key: { type: "string", multiple: true },
        "discovery-account": { type: "string" },
        "no-rate-limit": { type: "boolean" },
        wrapped: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    const message = (error as Error).message.split(". ")[0];
    console.error(`refold-gen emulator: ${message}.\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(EMULATOR_USAGE);
    return 0;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? "0") || port > 65535) {
    console.error(
      `refold-gen emulator: --port must be an integer between 0 and 65535, got "${values.port}".`,
    );
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      catalogDir: values.catalog ?? BUNDLED_SNAPSHOT_DIR,
      apiKeys: values.key,
      discoveryAccount: values["discovery-account"],
      rateLimit: values["no-rate-limit"] ? false : undefined,
      wrappedLists: values.wrapped ?? false,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === "EADDRINUSE"
        ? `refold-gen emulator: port ${port} on 127.0.0.1 is already in use (another emulator?). Stop that process, or pass --port N (--port 0 picks a free port).`
        : `refold-gen emulator: ${(error as Error).message}`,
    );
    return code === "EADDRINUSE" ? 2 : 1;
  }
  const apps = emulator.catalog().map((entry) => entry.app.slug);
  // One write, so a parent process reading stdout sees the banner whole.
  process.stdout.write(
    [
      `Refold emulator listening on ${emulator.url}`,
      `  base URL        REFOLD_BASE_URL=${emulator.url}`,
      `  test API key    REFOLD_API_KEY=${emulator.apiKey}`,
      `  linked accounts ${emulator.accounts.join(", ")} (e.g. REFOLD_LINKED_ACCOUNT_ID=acme)`,
      `  apps            ${apps.join(", ")}`,
      `  control         ${emulator.url}/__emulator/{faults,requests,reset}`,
      `  PID             ${process.pid}`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  const reason = await new Promise<string>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, resolve);
    whenLauncherExits(() => resolve("npm exited"));
  });
  await emulator.close();
  process.stderr.write(`Refold emulator stopped (${reason}).\n`);
  return 0;
}

/**
 * Under `npx` or `npm run`, killing npm does not reach this process (npm starts it through a
 * shell, which dies alone), so it would keep serving the port as an orphan. Started by npm, it
 * stops when its parent is gone.
 */
function whenLauncherExits(stop: () => void): void {
  if (!process.env.npm_command) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      stop();
    }
  }, 250);
  timer.unref();
}

// Run directly (`node --import tsx emulator/cli.ts`), not only through `refold-gen emulator`.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = await runEmulator(process.argv.slice(2));
