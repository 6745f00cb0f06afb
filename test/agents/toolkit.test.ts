// The agent toolkit against the emulator on 127.0.0.1 (port 0) with the committed generated client:
// tool list, write policy (requests counted at the server), validation before sending, errors an
// agent can read (no secret), and tool names that stay unique and stable.
import { describe, expect, it } from "vitest";
import { DEFAULT_API_KEY, type Emulator } from "../../emulator/server.js";
import { useEmulatorClient } from "../helpers/emulatorClient.js";
import {
  createToolkit,
  MAX_TOOL_NAME,
  RefoldConfigurationError,
  toolNames,
  type RefoldClient,
  type ToolCall,
} from "../../generated/index.js";

let emulator: Emulator;
let refold: RefoldClient;
useEmulatorClient((started) => {
  ({ emulator, refold } = started);
});

const executes = () => emulator.requests.filter((r) => r.path.endsWith("/execute"));

describe("tools", () => {
  it("offers every action of the catalog with a stable name, a read/write description and a JSON Schema input", async () => {
    const toolkit = await createToolkit(refold.forAccount("acme"), { writes: "allow" });
    expect(toolkit.tools.length).toBe(76);
    const create = toolkit.tools.find((t) => t.name === "hubspot_create_contact")!;
    expect(create).toMatchObject({ kind: "write", slug: "hubspot", actionId: "create_contact" });
    expect(create.description).toMatch(/^HubSpot: Create Contact\. Write: changes data/);
    expect(create.inputSchema).toMatchObject({
      type: "object",
      required: ["email"],
      additionalProperties: false,
      properties: {
        email: { type: "string" },
        associations: { description: expect.stringContaining("Any JSON value.") },
      },
    });
    const read = toolkit.tools.find((t) => t.name === "hubspot_get_contact")!;
    expect(read.description).toContain("Read: does not change data.");
    for (const t of toolkit.tools) expect(t.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(new Set(toolkit.tools.map((t) => t.name)).size).toBe(76);
    expect(JSON.parse(JSON.stringify(toolkit.tools))).toEqual(toolkit.tools);
  });

  it("under the default policy (deny) offers reads only; apps and actions narrow the list", async () => {
    const reads = await createToolkit(refold.forAccount("acme"));
    expect(reads.tools.every((t) => t.kind === "read")).toBe(true);
    expect(reads.tools.length).toBeGreaterThan(10);
    const two = await createToolkit(refold.forAccount("acme"), {
      apps: ["hubspot"],
      actions: ["hubspot/get_contact", "hubspot/create_contact"],
      writes: "allow",
    });
    expect(two.tools.map((t) => t.name)).toEqual(["hubspot_create_contact", "hubspot_get_contact"]);
  });

  it.each([
    ["an unknown app", { apps: ["nope"] }, /unknown app slug\(s\) "nope"/],
    ["an unknown action", { actions: ["hubspot/nope"] }, /unknown action\(s\) "hubspot\/nope"/],
    [
      "approve without a function",
      { writes: "approve" as const },
      /needs an approve\(call\) function/,
    ],
    ["a bad policy", { writes: "sometimes" as never }, /writes must be/],
  ])("rejects %s with a configuration error", async (_name, options, message) => {
    const made = createToolkit(refold.forAccount("acme"), options);
    await expect(made).rejects.toBeInstanceOf(RefoldConfigurationError);
    await expect(made).rejects.toThrow(message);
  });
});

describe("call", () => {
  const contact = { email: "jane@example.com", firstname: "Jane" };

  it("runs a read through the executor and returns JSON data", async () => {
    const toolkit = await createToolkit(refold.forAccount("acme"));
    const result = await toolkit.call("hubspot_get_contact", { limit: "1" });
    expect(result).toMatchObject({ ok: true, data: { results: expect.any(Array) } });
    expect(executes()).toHaveLength(1);
    expect(executes()[0]!.headers).toMatchObject({ linked_account_id: "acme" });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("a write under deny is refused and never sent", async () => {
    const toolkit = await createToolkit(refold.forAccount("acme"));
    const result = await toolkit.call("hubspot_create_contact", contact);
    expect(result).toEqual({
      ok: false,
      error: {
        code: "write_denied",
        message: expect.stringContaining("Nothing was sent"),
        mayHaveSucceeded: false,
      },
    });
    expect(executes()).toHaveLength(0);
  });

  it("an unapproved write is never sent; the approver sees the call", async () => {
    const seen: ToolCall[] = [];
    const toolkit = await createToolkit(refold.forAccount("acme"), {
      writes: "approve",
      approve: (call) => {
        seen.push(call);
        return false;
      },
    });
    expect(await toolkit.call("hubspot_create_contact", contact)).toMatchObject({
      ok: false,
      error: { code: "write_not_approved", mayHaveSucceeded: false },
    });
    expect(seen).toEqual([
      {
        tool: "hubspot_create_contact",
        slug: "hubspot",
        actionId: "create_contact",
        kind: "write",
        args: contact,
      },
    ]);
    expect(executes()).toHaveLength(0);
  });

  it("an approver that throws or answers something other than true refuses", async () => {
    for (const approve of [
      () => {
        throw new Error("boom");
      },
      () => "yes" as never,
      async () => 1 as never,
    ]) {
      const toolkit = await createToolkit(refold.forAccount("acme"), {
        writes: "approve",
        approve,
      });
      const result = await toolkit.call("hubspot_create_contact", contact);
      expect(result.ok).toBe(false);
    }
    expect(executes()).toHaveLength(0);
  });

  it("an approved write is sent exactly once", async () => {
    const toolkit = await createToolkit(refold.forAccount("acme"), {
      writes: "approve",
      approve: async () => true,
    });
    const result = await toolkit.call("hubspot_create_contact", contact);
    expect(result).toMatchObject({ ok: true, data: { properties: { email: "jane@example.com" } } });
    expect(executes()).toHaveLength(1);
    expect(executes()[0]!.body).toEqual(contact);
  });

  it("invalid args fail before the approver and before sending, with each problem's path", async () => {
    let asked = 0;
    const toolkit = await createToolkit(refold.forAccount("acme"), {
      writes: "approve",
      approve: () => ++asked > 0,
    });
    const result = await toolkit.call("hubspot_create_deal", {
      dealstage: "nope",
      amount: "ten",
      extra: 1,
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "invalid_params",
        mayHaveSucceeded: false,
        issues: [
          { path: "$.dealname", message: "required" },
          { path: "$.dealstage", message: expect.stringMatching(/^expected one of/) },
          { path: "$.amount", message: "expected a number or numeric string, got a string" },
          { path: "$.extra", message: "unknown parameter" },
        ],
      },
    });
    expect(await toolkit.call("hubspot_get_contact", "not an object")).toMatchObject({
      error: { code: "invalid_params" },
    });
    expect(asked).toBe(0);
    expect(executes()).toHaveLength(0);
  });

  it("an unknown tool is an error result, not an exception", async () => {
    const toolkit = await createToolkit(refold.forAccount("acme"));
    expect(await toolkit.call("rm_rf", {})).toMatchObject({
      ok: false,
      error: { code: "unknown_tool" },
    });
  });

  it("a failed call reports the executor's code and mayHaveSucceeded, and never the API key", async () => {
    const toolkit = await createToolkit(refold.forAccount("no_such_account"));
    const result = await toolkit.call("hubspot_get_contact", {});
    expect(result.ok).toBe(false);
    const error = (result as unknown as { error: Record<string, unknown> }).error;
    expect(Object.keys(error).sort()).toEqual(["code", "mayHaveSucceeded", "message"]);
    expect(error.code).toMatch(/^[a-z_]+$/);
    expect(error.mayHaveSucceeded).toBe(false);
    expect(JSON.stringify(result)).not.toContain(DEFAULT_API_KEY);
  });

  it("needs a client made by createRefoldClient", async () => {
    await expect(createToolkit({ execute: async () => null })).rejects.toThrow(
      /createRefoldClient/,
    );
  });
});

describe("toolNames", () => {
  it.each([
    [
      "plain pairs keep their readable name",
      [["hubspot", "create_contact"]],
      ["hubspot_create_contact"],
    ],
    [
      "colliding slug/id splits are both hashed",
      [
        ["a_b", "c"],
        ["a", "b_c"],
      ],
      [/^a_b_c_[0-9a-f]{8}$/, /^a_b_c_[0-9a-f]{8}$/],
    ],
    [
      "characters outside [a-zA-Z0-9_-] are replaced and hashed",
      [["my app", "dó.it"]],
      [/^my_app_d_it_[0-9a-f]{8}$/],
    ],
    [
      "long names are cut and hashed",
      [["s".repeat(40), "a".repeat(40)]],
      [new RegExp(`^s{40}_a{14}_[0-9a-f]{8}$`)],
    ],
  ] as [string, [string, string][], (string | RegExp)[]][])("%s", (_name, pairs, want) => {
    const names = toolNames(pairs);
    names.forEach((n, i) => {
      expect(n.length).toBeLessThanOrEqual(MAX_TOOL_NAME);
      expect(n).toMatch(want[i] instanceof RegExp ? want[i] : new RegExp(`^${want[i]}$`));
    });
    expect(new Set(names).size).toBe(names.length);
  });

  it("is stable: the same pair gets the same name in any order", () => {
    const pairs: [string, string][] = [
      ["a_b", "c"],
      ["a", "b_c"],
      ["x", "y"],
    ];
    const forward = toolNames(pairs);
    const backward = toolNames([...pairs].reverse()).reverse();
    expect(backward).toEqual(forward);
  });
});
