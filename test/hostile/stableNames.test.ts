// Names are stable across regenerations: a wire id keeps the name it was bound to while it exists,
// a newcomer that folds to an incumbent's name gets the fallback, and a name that changes owner is
// BREAKING and fails --check. Each case is two real runs of the pipeline into one output directory.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, generateFrom, scratchDir } from "./helpers.js";
import { printable } from "../../generator/core/diagnostics.js";
import { formatReport } from "../../generator/output/report.js";

const dir = scratchDir("stable-names");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const app = (slug: string, actionIds: string[]) => ({
  app: { slug, name: slug },
  actions: actionIds.map((action_id) => ({ action_id, name: action_id, parameters: [] })),
});

/** method → action id of one generated app module (literals read back with the JS parser). */
function methodsOf(out: string, file: string): Map<string, string> {
  const text = readFileSync(path.join(out, "apps", `${file}.ts`), "utf8");
  const methods = new Map<string, string>();
  for (const [, method, literal] of text.matchAll(/^\s+(\w+): \[("(?:[^"\\]|\\.)*"),/gm))
    methods.set(method!, (0, eval)(literal!) as string);
  return methods;
}

/** app property → slug, from the generated index. */
function appsOf(out: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  return new Map(
    Object.entries(manifest.apps as Record<string, { names: { property: string } }>).map(
      ([slug, a]) => [a.names.property, slug],
    ),
  );
}

let counter = 0;
async function twoRuns(before: unknown[], after: unknown[], mode: "write" | "check" = "write") {
  const out = path.join(dir, `run${counter++}`);
  await generateFrom(before, out);
  const first = { methods: methodsOf(out, "hubspot"), apps: appsOf(out) };
  const result = await generateFrom(after, out, { mode });
  return { out, first, result };
}

describe("a newcomer never takes an incumbent's name", () => {
  const table: [string, string[]][] = [
    ["upper case", ["CREATE_CONTACT"]],
    ["a leading space", [" create_contact"]],
    ["a dash", ["create-contact"]],
    ["camel case", ["createContact"]],
    ["a tag character", ["create_contact\u{e0001}"]],
    ["a soft hyphen", ["create\u00adcontact"]],
    ["all at once", ["CREATE_CONTACT", " create_contact", "create-contact", "Create Contact"]],
  ];
  it.each(table)("%s", async (_, added) => {
    const { out, result } = await twoRuns(
      [app("hubspot", ["create_contact"])],
      [app("hubspot", ["create_contact", ...added])],
    );
    const methods = methodsOf(out, "hubspot");
    expect(methods.get("createContact")).toBe("create_contact");
    expect(methods.size).toBe(1 + added.length);
    expect(result.report.breaking).toBe(0);
    const warning = result.diagnostics.items.find((d) => d.code === "name-collision");
    expect(warning?.slug).toBe("hubspot");
    expect(warning?.message).toContain('"create_contact" is createContact');
    expect(warning?.message).toContain(printable(JSON.stringify(added[0])));
  });

  it("the issue's case: app HUBSPOT and action CREATE_CONTACT added", async () => {
    const { out, result } = await twoRuns(
      [app("hubspot", ["create_contact"])],
      [app("hubspot", ["create_contact", "CREATE_CONTACT"]), app("HUBSPOT", ["CREATE_CONTACT"])],
    );
    expect(appsOf(out).get("hubspot")).toBe("hubspot");
    expect(appsOf(out).get("hubspot2")).toBe("HUBSPOT");
    expect(methodsOf(out, "hubspot").get("createContact")).toBe("create_contact");
    expect(result.report.breaking).toBe(0);
    const codes = result.diagnostics.items.map((d) => `${d.code} ${d.slug ?? ""}`);
    expect(codes).toContain("name-collision HUBSPOT");
    expect(codes).toContain("name-collision hubspot");
  });

  it("without an earlier output the same catalog is named by wire-id order (deterministic)", async () => {
    const out = path.join(dir, "fresh");
    await generateFrom([app("hubspot", ["create_contact", "CREATE_CONTACT"])], out);
    // "CREATE_CONTACT" sorts first; with nothing bound yet, it gets the base name.
    expect(methodsOf(out, "hubspot").get("createContact")).toBe("CREATE_CONTACT");
    expect(methodsOf(out, "hubspot").get("createContact2")).toBe("create_contact");
  });
});

describe("a name that changes owner is BREAKING and fails --check", () => {
  it("the incumbent is removed and a newcomer would take its name", async () => {
    const { result } = await twoRuns(
      [app("hubspot", ["create_contact"])],
      [app("hubspot", ["CREATE_CONTACT"])],
    );
    const rebound = result.report.changes.find((c) => c.kind === "name-rebound");
    expect(rebound).toMatchObject({
      severity: "breaking",
      slug: "hubspot",
      actionId: "CREATE_CONTACT",
      detail: 'createContact was action "create_contact"',
    });
    expect(formatReport(result.report)).toMatch(
      /BREAKING {2}hubspot\/CREATE_CONTACT: name-rebound \(createContact was action "create_contact"\)/,
    );
  });

  it("an app property that changes owner", async () => {
    const { result } = await twoRuns([app("hubspot", [])], [app("HUBSPOT", [])]);
    expect(result.report.changes).toContainEqual(
      expect.objectContaining({
        severity: "breaking",
        slug: "HUBSPOT",
        kind: "name-rebound",
        detail: 'hubspot was app "hubspot"',
      }),
    );
  });

  it("--check exits 1 and prints BREAKING", async () => {
    const out = path.join(dir, "check");
    await generateFrom([app("hubspot", ["create_contact"])], out);
    const schema = path.join(out, "schemas", "hubspot.json");
    const snapshot = JSON.parse(readFileSync(schema, "utf8"));
    snapshot.actions[0].action_id = "CREATE_CONTACT";
    writeFileSync(schema, JSON.stringify(snapshot));
    const run = await promisify(execFile)(
      process.execPath,
      [CLI, "generate", "--out", out, "--offline", "--check"],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1", CI: "1" } },
    ).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("BREAKING  hubspot/CREATE_CONTACT: name-rebound");
  });
});

describe("protocol members and prototype keys", () => {
  const table: [string, string][] = [
    ["to_j_s_o_n", "toJSONAction"],
    ["then", "thenAction"],
    ["constructor", "constructorAction"],
    ["value_of", "valueOfAction"],
    ["to_string", "toStringAction"],
    ["inspect", "inspectAction"],
    ["asymmetric_match", "asymmetricMatchAction"],
  ];
  it.each(table)("action %j is method %s", async (actionId, method) => {
    const out = path.join(dir, `protocol-${actionId}`);
    await generateFrom([app("hubspot", [actionId])], out);
    expect(methodsOf(out, "hubspot").get(method)).toBe(actionId);
  });

  it("a __proto__ slug is recorded in the manifest, and the next run reuses its module", async () => {
    const out = path.join(dir, "proto");
    const catalog = [app("__proto__", ["x"]), app("hubspot", ["y"])];
    await generateFrom(catalog, out);
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.apps).sort()).toEqual(["__proto__", "hubspot"]);
    expect(Object.getPrototypeOf(manifest.apps)).toBe(Object.prototype);
    const again = await generateFrom(catalog, out, { cache: true });
    expect(again.emitted).toEqual([]);
    expect(again.changes).toEqual({ added: [], modified: [], removed: [] });
  });
});
