/**
 * `refold-gen mcp`: serves a linked account's actions as MCP tools over stdio, from the generated
 * client in `--out` (its index and `runtime/mcp.ts`, loaded with tsx). Credentials come from the
 * environment (`REFOLD_API_KEY` or `REFOLD_SESSION_TOKEN`, `REFOLD_BASE_URL`); stdout carries the
 * protocol, so nothing else is written there. `--writes approve` asks the user through the MCP
 * client (elicitation); a client that cannot ask gets its writes refused.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";

export const MCP_USAGE = `Usage: refold-gen mcp --linked-account ID [--apps a,b] [--writes deny|approve|allow] [--out DIR]

Serves the linked account's actions as MCP tools over stdio (for desktop agent clients), from the
generated client in --out. Needs REFOLD_API_KEY (or REFOLD_SESSION_TOKEN); REFOLD_BASE_URL
optionally overrides https://app.refold.ai. Needs @modelcontextprotocol/sdk installed.

Options:
  --linked-account ID   the customer whose connections the tools use (required)
  --apps a,b            only these app slugs (default: every app)
  --writes POLICY       deny (default: reads only), approve (ask the user each time), allow
  --out DIR             the generated client (default: generated)`;

const POLICIES = ["deny", "approve", "allow"] as const;

export interface McpRun {
  linkedAccountId: string;
  apps?: string[];
  writes: (typeof POLICIES)[number];
  out: string;
}

export function parseMcpArgs(argv: string[]): McpRun | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "linked-account": { type: "string" },
        apps: { type: "string" },
        writes: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`mcp: ${(error as Error).message}\n\n${MCP_USAGE}`);
  }
  if (values.help) return "help";
  const account = values["linked-account"];
  if (!account) throw new UsageError(`mcp: --linked-account is required.\n\n${MCP_USAGE}`);
  const writes = values.writes ?? "deny";
  if (!(POLICIES as readonly string[]).includes(writes))
    throw new UsageError(`mcp: --writes must be deny, approve or allow (got "${writes}").`);
  const apps = values.apps
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (apps && apps.length === 0) throw new UsageError("mcp: --apps needs at least one slug.");
  return {
    linkedAccountId: account,
    writes: writes as McpRun["writes"],
    out: values.out ?? "generated",
    ...(apps ? { apps } : {}),
  };
}

/** Starts the server; resolves when stdin closes. */
export async function runMcp(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const run = parseMcpArgs(argv);
  if (run === "help") {
    process.stdout.write(MCP_USAGE + "\n");
    return 0;
  }
  if (!env.REFOLD_API_KEY?.trim() && !env.REFOLD_SESSION_TOKEN?.trim())
    throw new UsageError("mcp: set REFOLD_API_KEY (or REFOLD_SESSION_TOKEN) in the environment.");
  const out = path.resolve(run.out);
  const index = path.join(out, "index.ts");
  const mcp = path.join(out, "runtime", "mcp.ts");
  if (!existsSync(index) || !existsSync(mcp))
    throw new UsageError(
      `mcp: no generated client with an MCP entry in ${run.out} (run \`refold-gen generate\` first).`,
    );
  const { tsImport } = await import("tsx/esm/api");
  const load = (file: string) => tsImport(pathToFileURL(file).href, import.meta.url);
  const [generated, server] = await Promise.all([load(index), load(mcp)]);
  const client = generated.createRefoldClient({});
  const elicit = server.approveByElicitation();
  const toolkit = await generated.createToolkit(client.forAccount(run.linkedAccountId), {
    writes: run.writes,
    ...(run.apps ? { apps: run.apps } : {}),
    ...(run.writes === "approve" ? { approve: elicit.approve } : {}),
  });
  const started = await server.serveMcpStdio(toolkit, { name: "refold" });
  elicit.bind(started);
  process.stderr.write(
    `refold-gen mcp: ${toolkit.tools.length} tools for linked account ${JSON.stringify(run.linkedAccountId)} (writes: ${run.writes}) on stdio\n`,
  );
  await new Promise<void>((resolve) => {
    started.onclose = () => resolve();
    process.stdin.once("end", () => resolve());
  });
  await client.close();
  return 0;
}
