/**
 * `createToolkit`: a linked account's actions as tools an AI agent can call. Each tool has a stable
 * name, a description that says whether it reads or writes, and the JSON Schema of its params.
 * `call` validates the args, applies the write policy (default `"deny"`; `"approve"` awaits your
 * `approve(call)` before anything is sent), runs the action through the client's one executor and
 * returns a JSON-serializable result or error (code, message, `mayHaveSucceeded`; never a secret).
 */
import { metadataOf } from "./client.js";
import { isRefoldError, RefoldConfigurationError } from "./errors.js";
import {
  paramsJsonSchema,
  type ActionMetadata,
  type AppMetadata,
  type ParamsJsonSchema,
} from "./metadata.js";
import { toolNames } from "./toolNames.js";
import type { ActionKind, Execute, JsonValue } from "./types.js";
import { jsonPath, paramsValidator, RefoldParamsError } from "./validate.js";

/** What happens when an agent calls a write: refused, sent after `approve`, or sent. */
export type WritePolicy = "deny" | "approve" | "allow";

/** A tool call awaiting approval (and what a denied call would have done). */
export interface ToolCall {
  tool: string;
  slug: string;
  actionId: string;
  kind: ActionKind;
  args: Record<string, unknown>;
}

export interface ToolkitOptions {
  /** App slugs to offer. Default: every app of the catalog. */
  apps?: readonly string[];
  /** Actions to offer, as `"slug/action_id"`. Default: every action of the selected apps. */
  actions?: readonly string[];
  /** Default `"deny"`: a write is never sent. */
  writes?: WritePolicy;
  /** With `writes: "approve"`: resolve `true` to send the call. Anything else refuses it. */
  approve?: (call: ToolCall) => boolean | Promise<boolean>;
}

export interface Tool {
  /** At most 64 characters of `[a-zA-Z0-9_-]`, unique in the toolkit: `hubspot_create_contact`. */
  name: string;
  description: string;
  /** JSON Schema of the args object. */
  inputSchema: ParamsJsonSchema;
  kind: ActionKind;
  slug: string;
  actionId: string;
}

/** Why a tool call failed, for the agent to read. */
export interface ToolError {
  code: string;
  message: string;
  /** True when the action may have run (do not simply repeat a write). */
  mayHaveSucceeded: boolean;
  /** `invalid_params`: each problem with its JSONPath. */
  issues?: { path: string; message: string }[];
}

export type ToolResult = { ok: true; data: JsonValue } | { ok: false; error: ToolError };

export interface Toolkit {
  /** The tools offered (under `"deny"`, reads only). */
  readonly tools: readonly Tool[];
  call(name: string, args: unknown): Promise<ToolResult>;
}

interface Entry {
  tool: Tool;
  action: ActionMetadata;
}

const fail = (code: string, message: string, mayHaveSucceeded = false): ToolResult => ({
  ok: false,
  error: { code, message, mayHaveSucceeded },
});

function describe(app: AppMetadata, action: ActionMetadata, policy: WritePolicy): string {
  const effect =
    action.kind === "read"
      ? "Read: does not change data."
      : policy === "approve"
        ? "Write: changes data in the connected app; each call needs the user's approval."
        : "Write: changes data in the connected app.";
  const about = action.description ? ` ${action.description}` : "";
  return `${app.name}: ${action.name}. ${effect}${about}`;
}

async function selectActions(
  client: { execute: Execute },
  options: ToolkitOptions,
): Promise<[AppMetadata, ActionMetadata][]> {
  const index = metadataOf(client);
  if (index === undefined)
    throw new RefoldConfigurationError(
      "createToolkit needs a client made by the generated createRefoldClient (it carries the catalog metadata).",
    );
  const slugs = options.apps ?? index.slugs;
  const unknown = slugs.filter((s) => !index.slugs.includes(s));
  if (unknown.length)
    throw new RefoldConfigurationError(
      `createToolkit: unknown app slug(s) ${unknown.map((s) => JSON.stringify(s)).join(", ")}`,
    );
  const apps = await Promise.all([...new Set(slugs)].map((s) => index.app(s)));
  const wanted = options.actions && new Set(options.actions);
  const selected: [AppMetadata, ActionMetadata][] = [];
  for (const app of apps)
    for (const action of app!.actions)
      if (!wanted || wanted.has(`${app!.slug}/${action.id}`)) selected.push([app!, action]);
  if (wanted) {
    const found = new Set(selected.map(([app, action]) => `${app.slug}/${action.id}`));
    const missing = [...wanted].filter((w) => !found.has(w));
    if (missing.length)
      throw new RefoldConfigurationError(
        `createToolkit: unknown action(s) ${missing.map((s) => JSON.stringify(s)).join(", ")} (write them as "slug/action_id", with their app in apps)`,
      );
  }
  return selected;
}

/** The tools of a client (scope it with `forAccount`) under a write policy. */
export async function createToolkit(
  client: { execute: Execute },
  options: ToolkitOptions = {},
): Promise<Toolkit> {
  const policy = options.writes ?? "deny";
  if (!["deny", "approve", "allow"].includes(policy))
    throw new RefoldConfigurationError(
      `createToolkit: writes must be "deny", "approve" or "allow"`,
    );
  if (policy === "approve" && typeof options.approve !== "function")
    throw new RefoldConfigurationError(
      `createToolkit: writes: "approve" needs an approve(call) function`,
    );
  const selected = await selectActions(client, options);
  const names = toolNames(selected.map(([app, action]) => [app.slug, action.id]));
  const entries = new Map<string, Entry>();
  selected.forEach(([app, action], i) => {
    const tool: Tool = {
      name: names[i]!,
      description: describe(app, action, policy),
      inputSchema: paramsJsonSchema(action),
      kind: action.kind,
      slug: app.slug,
      actionId: action.id,
    };
    entries.set(tool.name, { tool, action });
  });
  const tools = [...entries.values()]
    .map((e) => e.tool)
    .filter((t) => policy !== "deny" || t.kind === "read");

  const call = async (name: string, rawArgs: unknown): Promise<ToolResult> => {
    const entry = typeof name === "string" ? entries.get(name) : undefined;
    if (entry === undefined)
      return fail("unknown_tool", `No tool is named ${JSON.stringify(name)}.`);
    const { tool, action } = entry;
    const args = rawArgs ?? {};
    try {
      paramsValidator(action).check(args, { slug: tool.slug });
    } catch (error) {
      if (!(error instanceof RefoldParamsError)) throw error;
      return {
        ok: false,
        error: {
          code: error.code,
          message: error.message,
          mayHaveSucceeded: false,
          issues: error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })),
        },
      };
    }
    const request: ToolCall = {
      tool: tool.name,
      slug: tool.slug,
      actionId: tool.actionId,
      kind: tool.kind,
      args: args as Record<string, unknown>,
    };
    if (tool.kind === "write" && policy === "deny")
      return fail(
        "write_denied",
        `${tool.name} changes data, and this toolkit does not allow writes. Nothing was sent.`,
      );
    if (tool.kind === "write" && policy === "approve") {
      let approved = false;
      try {
        approved = (await options.approve!(request)) === true;
      } catch {
        return fail("approval_failed", `The approval of ${tool.name} failed. Nothing was sent.`);
      }
      if (!approved)
        return fail(
          "write_not_approved",
          `The user did not approve ${tool.name}. Nothing was sent.`,
        );
    }
    try {
      const data: unknown = await client.execute(tool.slug, tool.actionId, request.args, {
        kind: tool.kind,
        validate: false,
      });
      return { ok: true, data: (data ?? null) as JsonValue };
    } catch (error) {
      if (isRefoldError(error)) return fail(error.code, error.message, error.mayHaveSucceeded);
      return fail(
        "internal_error",
        `${tool.name} failed unexpectedly; see the application's logs.`,
        tool.kind === "write",
      );
    }
  };
  return { tools, call };
}
