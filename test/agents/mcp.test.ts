// The MCP server on the official SDK: the SDK's own Client, over its in-memory transport, lists a
// linked account's tools and calls them against the emulator on 127.0.0.1 (port 0); a write needs
// approval, and requests are counted at the server.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, type Emulator } from "../../emulator/server.js";
import { useEmulatorClient } from "../helpers/emulatorClient.js";
import { createToolkit, type RefoldClient, type ToolkitOptions } from "../../generated/index.js";
import { createMcpServer } from "../../generated/runtime/mcp.js";
import { UsageError } from "../../generator/core/errors.js";
import { parseMcpArgs } from "../../generator/cli/mcpCommand.js";

let emulator: Emulator;
let refold: RefoldClient;
const open: { close(): Promise<void> }[] = [];
useEmulatorClient((started) => {
  ({ emulator, refold } = started);
});
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const executes = () => emulator.requests.filter((r) => r.path.endsWith("/execute"));

async function connect(options: ToolkitOptions): Promise<Client> {
  const toolkit = await createToolkit(refold.forAccount("acme"), { apps: ["hubspot"], ...options });
  const server = await createMcpServer(toolkit, { name: "refold-test" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  open.push(client, server);
  return client;
}

describe("MCP server", () => {
  it("lists the tools with JSON Schema inputs; reads are read-only, writes destructive", async () => {
    const client = await connect({ writes: "approve", approve: () => true });
    expect(client.getServerVersion()).toMatchObject({ name: "refold-test" });
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(8); // hubspot's actions (API proxies live on acme_backend)
    const read = tools.find((t) => t.name === "hubspot_get_contact")!;
    const write = tools.find((t) => t.name === "hubspot_create_contact")!;
    expect(read.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(write.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(write.inputSchema).toMatchObject({ type: "object", required: ["email"] });
  });

  it("calls a read and an approved write against the emulator, one request each", async () => {
    const client = await connect({
      writes: "approve",
      approve: (call) => call.args.email === "ok@example.com",
    });
    const created = await client.callTool({
      name: "hubspot_create_contact",
      arguments: { email: "ok@example.com" },
    });
    expect(created.isError).toBeFalsy();
    expect(JSON.parse((created.content as { text: string }[])[0]!.text)).toMatchObject({
      properties: { email: "ok@example.com" },
    });
    expect(executes()).toHaveLength(1);
    const read = await client.callTool({ name: "hubspot_get_contact", arguments: { limit: "1" } });
    expect(read.isError).toBeFalsy();
    expect(JSON.parse((read.content as { text: string }[])[0]!.text)).toMatchObject({
      results: expect.any(Array),
    });
    expect(executes()).toHaveLength(2);
  });

  it("cannot write without approval, and invalid args never go out", async () => {
    const client = await connect({ writes: "approve", approve: () => false });
    const refused = await client.callTool({
      name: "hubspot_create_contact",
      arguments: { email: "x@example.com" },
    });
    expect(refused.isError).toBe(true);
    expect(JSON.parse((refused.content as { text: string }[])[0]!.text)).toMatchObject({
      error: { code: "write_not_approved", mayHaveSucceeded: false },
    });
    const invalid = await client.callTool({
      name: "hubspot_get_contact",
      arguments: { limit: 5, nope: true },
    });
    expect(invalid.isError).toBe(true);
    expect(JSON.parse((invalid.content as { text: string }[])[0]!.text).error.issues).toEqual([
      { path: "$.limit", message: "expected a string, got a number" },
      { path: "$.nope", message: "unknown parameter" },
    ]);
    expect(executes()).toHaveLength(0);
  });

  it("under deny lists reads only and refuses a write by name", async () => {
    const client = await connect({});
    const { tools } = await client.listTools();
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    const denied = await client.callTool({
      name: "hubspot_delete_contact",
      arguments: { contact_id: "1" },
    });
    expect(denied.isError).toBe(true);
    expect(executes()).toHaveLength(0);
  });
});

describe("refold-gen mcp (stdio)", () => {
  async function spawn(writes: string, elicitation: "accept" | "none"): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [
        "bin/refold-gen.js",
        "mcp",
        "--linked-account",
        "acme",
        "--apps",
        "hubspot",
        "--writes",
        writes,
      ],
      env: {
        PATH: process.env.PATH ?? "",
        REFOLD_API_KEY: DEFAULT_API_KEY,
        REFOLD_BASE_URL: emulator.url,
      },
      stderr: "pipe",
    });
    const client = new Client(
      { name: "desktop", version: "1.0.0" },
      elicitation === "accept" ? { capabilities: { elicitation: {} } } : {},
    );
    if (elicitation === "accept")
      client.setRequestHandler(ElicitRequestSchema, () => ({
        action: "accept",
        content: { approve: true },
      }));
    await client.connect(transport);
    open.push(client);
    return client;
  }

  it("serves the linked account's tools; a write is sent once after the user approves it", async () => {
    const client = await spawn("approve", "accept");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("hubspot_create_contact");
    const read = await client.callTool({ name: "hubspot_get_contact", arguments: {} });
    expect(read.isError).toBeFalsy();
    const write = await client.callTool({
      name: "hubspot_create_contact",
      arguments: { email: "stdio@example.com" },
    });
    expect(write.isError).toBeFalsy();
    expect(executes()).toHaveLength(2);
    expect(executes().every((r) => r.headers.linked_account_id === "acme")).toBe(true);
  }, 30_000);

  it("a client that cannot ask the user cannot write", async () => {
    const client = await spawn("approve", "none");
    const write = await client.callTool({
      name: "hubspot_create_contact",
      arguments: { email: "no@example.com" },
    });
    expect(write.isError).toBe(true);
    expect(executes()).toHaveLength(0);
  }, 30_000);
});

describe("mcp arguments", () => {
  it.each([
    [["--linked-account", "a"], { linkedAccountId: "a", writes: "deny", out: "generated" }],
    [
      ["--linked-account", "a", "--apps", "x, y", "--writes", "allow", "--out", "o"],
      { linkedAccountId: "a", apps: ["x", "y"], writes: "allow", out: "o" },
    ],
    [["--help"], "help"],
    [[], /--linked-account is required/],
    [["--linked-account", "a", "--writes", "maybe"], /--writes must be deny, approve or allow/],
    [["--linked-account", "a", "--apps", ","], /--apps needs at least one slug/],
    [["--linked-acount", "a"], /mcp: Unknown option '--linked-acount'/],
  ] as [string[], unknown][])("%j", (argv, want) => {
    if (want instanceof RegExp) {
      expect(() => parseMcpArgs(argv)).toThrow(want);
      expect(() => parseMcpArgs(argv)).toThrow(UsageError);
    } else expect(parseMcpArgs(argv)).toEqual(want);
  });
});
