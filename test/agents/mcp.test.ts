// The MCP server on the official SDK: the SDK's own Client, over its in-memory transport, lists a
// linked account's tools and calls them against the emulator on 127.0.0.1 (port 0); a write needs
// approval, and requests are counted at the server.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, DEFAULT_API_KEY, type Emulator } from "../../emulator/server.js";
import {
  createRefoldClient,
  createToolkit,
  type RefoldClient,
  type ToolkitOptions,
} from "../../generated/index.js";
import { createMcpServer } from "../../generated/runtime/mcp.js";

let emulator: Emulator;
let refold: RefoldClient;
const open: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
  refold = createRefoldClient({
    apiKey: DEFAULT_API_KEY,
    baseUrl: emulator.url,
    retries: 0,
    rateLimit: false,
  });
});
afterAll(async () => {
  await refold.close();
  await emulator.close();
});
beforeEach(() => emulator.reset());
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const executes = () => emulator.requests.filter((r) => r.path.endsWith("/execute"));

async function connect(options: ToolkitOptions): Promise<Client> {
  const toolkit = await createToolkit(refold.forAccount("acme"), { apps: ["hubspot"], ...options });
  const server = createMcpServer(toolkit, { name: "refold-test" });
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
    expect(tools).toHaveLength(9);
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
