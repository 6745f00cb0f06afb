/**
 * `npm run emulator` (tsx emulator/cli.ts): starts the Refold-compatible local server and prints
 * its URL, the accepted test key and the linked account ids; runs until Ctrl-C.
 *
 *   --port N          listen on 127.0.0.1:N (default 4010; 0 = any free port)
 *   --catalog DIR     serve the snapshot files of DIR (default generated/schemas)
 *   --key KEY         accept KEY as x-api-key (repeatable; default tk_emulator_test_key)
 *   --discovery-account ID   account used by schema discovery calls without linked_account_id
 *   --no-rate-limit   disable the 20 req/s (burst 5) per-account limit
 *   --wrapped         answer list endpoints as {actions} / {parameters}
 */
import { parseArgs } from "node:util";
import { DEFAULT_CATALOG_DIR, startEmulator } from "./server.js";

const USAGE =
  "usage: npm run emulator -- [--port N] [--catalog DIR] [--key KEY] [--discovery-account ID] [--no-rate-limit] [--wrapped]";

async function main(argv: string[]): Promise<number> {
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
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer between 0 and 65535\n${USAGE}`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator({
      port,
      catalogDir: values.catalog ?? DEFAULT_CATALOG_DIR,
      apiKeys: values.key,
      discoveryAccount: values["discovery-account"],
      rateLimit: values["no-rate-limit"] ? false : undefined,
      wrappedLists: values.wrapped ?? false,
    });
  } catch (error) {
    console.error((error as Error).message);
    return 1;
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
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await emulator.close();
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
