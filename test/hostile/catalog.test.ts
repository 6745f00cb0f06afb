// The hostile catalog (test/fixtures/hostile/cases.ts) through the real pipeline: every "ok" case's
// output parses, passes the gate, type-checks under strict (TS 5.9 and TS 7, one batched run each)
// and sends the original wire names through the generated client to a real HTTP server; every
// failing case fails with its documented GenerationError code, names the file, and writes nothing.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileParams } from "../../generator/emit/compileParams.js";
import { emitApp } from "../../generator/emit/emitApp.js";
import { INDEX_FUNCTIONS, INDEX_VARIABLES } from "../../generator/emit/emitIndex.js";
import { stringLiteral } from "../../generator/core/escape.js";
import { GenerationError } from "../../generator/core/errors.js";
import type { GenerateResult } from "../../generator/generate.js";
import { gate, gateAppModule } from "../../generator/emit/gate.js";
import type { CatalogModel } from "../../generator/core/model.js";
import { HOSTILE_CASES, type HostileCase } from "../fixtures/hostile/cases.js";
import {
  generateFrom,
  modelsOf,
  scratchDir,
  shareRuntime,
  startRecorder,
  typeCheck,
  typeCheck7,
  writeTsconfig,
} from "./helpers.js";

interface Outcome {
  out: string;
  result?: GenerateResult;
  error?: unknown;
  models?: CatalogModel;
}

const okCases = HOSTILE_CASES.filter((c) => c.expect === "ok");
const errorCases = HOSTILE_CASES.filter((c) => c.expect !== "ok");
const outcomes = new Map<string, Outcome>();
let project = "";
let tsc5: string[] = [];
let tsc7 = "";

/** A consumer per case: every app and method through the typed client, every wire name as a key of its params type. */
function consumer(models: CatalogModel): string {
  const lines = [
    `import { createRefoldClient, createMockRefold } from "./index.js";`,
    `const client = createRefoldClient({ apiKey: "tk_test", baseUrl: "http://127.0.0.1:1", linkedAccountId: "acme" });`,
    `export const mock = createMockRefold();`,
    `export const methods: unknown[] = [];`,
  ];
  for (const app of models.apps) {
    lines.push(`import type * as ${app.typeName}Module from "./apps/${app.fileName}.js";`);
    for (const action of app.actions) {
      lines.push(`methods.push(client.${app.propertyName}.${action.methodName});`);
      for (const field of action.fields)
        lines.push(
          `methods.push(((k: keyof ${app.typeName}Module.${action.paramsTypeName}) => k)(${stringLiteral(field.wireName)}));`,
        );
    }
  }
  return lines.join("\n") + "\n";
}

beforeAll(async () => {
  project = scratchDir("hostile");
  const t0 = performance.now();
  for (const c of HOSTILE_CASES) {
    const out = path.join(project, "cases", c.id);
    const outcome: Outcome = { out };
    try {
      outcome.result = await generateFrom(c.apps, out);
      outcome.models = modelsOf(c.apps);
    } catch (error) {
      outcome.error = error;
    }
    outcomes.set(c.id, outcome);
  }
  const written = okCases.map((c) => outcomes.get(c.id)!).filter((o) => o.result);
  for (const o of written) writeFileSync(path.join(o.out, "consumer.ts"), consumer(o.models!));
  shareRuntime(
    project,
    written.map((o) => o.out),
  );
  writeTsconfig(project, ["cases/**/*.ts"]);
  const t1 = performance.now();
  const pending7 = typeCheck7(project);
  tsc5 = typeCheck(project);
  const t2 = performance.now();
  tsc7 = await pending7;
  if (process.env.HOSTILE_TIMING)
    console.log(
      `generate ${Math.round(t1 - t0)} ms, tsc 5 ${Math.round(t2 - t1)} ms, tsc 7 ${Math.round(performance.now() - t1)} ms`,
    );
}, 240_000);

afterAll(() => {
  if (project && !process.env.KEEP_HOSTILE) rmSync(project, { recursive: true, force: true });
});

describe("hostile catalog", () => {
  it("has at least 25 cases, unique ids", () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
  });

  describe.each(okCases.map((c) => [c.id, c] as const))("%s", (id, c: HostileCase) => {
    it("generates; every warning names its app (and action and field where it arose)", () => {
      const { result, error } = outcomes.get(id)!;
      expect(error, String((error as Error)?.stack)).toBeUndefined();
      const items = result!.diagnostics.items;
      for (const d of items) {
        expect(d.slug, d.message).toBeDefined();
        if (/field|option|required|multiple/.test(d.code)) {
          expect(d.actionId, d.code).toBeDefined();
          if (d.code !== "invalid-field") expect(d.field, d.code).toBeDefined();
        }
      }
      const codes = new Set(items.map((d) => d.code));
      for (const code of c.warnings ?? []) expect([...codes]).toContain(code);
      if (!c.warnings) expect(result!.diagnostics.format()).toEqual([]);
    });

    it("writes only safe file names inside --out, unique on a case-insensitive file system", () => {
      const { out, result } = outcomes.get(id)!;
      const files = [...result!.files.keys()];
      const lower = new Set(files.map((f) => f.toLowerCase()));
      expect(lower.size).toBe(files.length);
      for (const file of files) {
        expect(file).toMatch(
          /^(index\.ts|manifest\.json|runtime\/[a-zA-Z]+\.ts|apps\/[a-z0-9_-]{1,80}(?:\.meta)?\.ts|docs\/[a-z0-9_-]{1,80}\.md|schemas\/[a-z0-9_-]{1,80}\.json)$/,
        );
        expect(path.resolve(out, file).startsWith(out + path.sep)).toBe(true);
      }
      const onDisk = readdirSync(path.join(out, "apps")).sort();
      expect(onDisk).toEqual(files.filter((f) => f.startsWith("apps/")).map((f) => f.slice(5)));
    });

    it("every module parses and passes the gate (only the allowed top-level statements)", async () => {
      const { result, models } = outcomes.get(id)!;
      for (const app of models!.apps)
        gateAppModule(
          `apps/${app.fileName}.ts`,
          result!.files.get(`apps/${app.fileName}.ts`)!,
          emitApp(app, await compileParams(app)),
        );
      gate("index.ts", result!.files.get("index.ts")!, {
        functions: INDEX_FUNCTIONS,
        variables: INDEX_VARIABLES,
      });
    });

    it("app modules are exactly what prettier prints (the fast format path included)", async () => {
      const { out, result } = outcomes.get(id)!;
      const config = (await prettier.resolveConfig(path.join(out, "index.ts"))) ?? {};
      for (const [file, text] of result!.files) {
        if (!file.startsWith("apps/")) continue;
        expect(await prettier.format(text, { ...config, parser: "typescript" }), file).toBe(text);
      }
    });

    it("type-checks under strict with TypeScript 5.9 and TypeScript 7", () => {
      const prefix = path.join("cases", id) + path.sep;
      expect(tsc5.filter((line) => line.startsWith(prefix) || !line.startsWith("cases"))).toEqual(
        [],
      );
      expect(tsc7.split("\n").filter((line) => line.includes(`cases/${id}/`))).toEqual([]);
    });

    it("a call through the generated client sends the original wire names", async () => {
      const { out, models } = outcomes.get(id)!;
      const mod = (await import(pathToFileURL(path.join(out, "index.ts")).href)) as {
        createRefoldClient: (o: object) => Record<
          string,
          Record<string, (p: object) => Promise<unknown>>
        > & {
          close(): Promise<void>;
        };
      };
      const server = await startRecorder();
      const client = mod.createRefoldClient({
        apiKey: "tk_test",
        baseUrl: server.baseUrl,
        linkedAccountId: "acme",
        rateLimit: false,
        retries: 0,
      });
      try {
        let calls = 0;
        for (const app of models!.apps) {
          const actions = client[app.propertyName]!;
          expect(Object.keys(actions).sort()).toEqual(app.actions.map((a) => a.methodName).sort());
          for (const action of app.actions) {
            // fromEntries defines own properties, so even "__proto__" is a plain key here.
            const params = Object.fromEntries(action.fields.map((f, i) => [f.wireName, `v${i}`]));
            await expect(actions[action.methodName]!(params)).resolves.toEqual({ ok: true });
            const sent = server.requests[calls++]!;
            expect(sent.method).toBe("POST");
            expect(sent.url).toBe(
              `/api/v2/integration-schema/${encodeURIComponent(app.slug)}/actions/${encodeURIComponent(action.actionId)}/execute`,
            );
            const segments = sent.url.split("/");
            expect(decodeURIComponent(segments[4]!)).toBe(app.slug);
            expect(decodeURIComponent(segments[6]!)).toBe(action.actionId);
            expect(sent.body).toBe(JSON.stringify(params));
            expect(Object.keys(JSON.parse(sent.body) as object)).toEqual(
              action.fields.map((f) => f.wireName),
            );
          }
        }
        expect(server.requests.length).toBe(calls);
      } finally {
        await client.close();
        await server.close();
      }
    });
  });

  describe.each(errorCases.map((c) => [c.id, c] as const))("%s", (id, c: HostileCase) => {
    it("fails with its documented GenerationError, naming the file, and writes nothing", () => {
      const { out, error } = outcomes.get(id)!;
      const want = c.expect as { error: string; message?: RegExp };
      expect(error).toBeInstanceOf(GenerationError);
      expect((error as GenerationError).code).toBe(want.error);
      expect((error as Error).message).toMatch(/case\/\d+\.json/);
      if (want.message) expect((error as Error).message).toMatch(want.message);
      expect(existsSync(out)).toBe(false);
    });
  });
});
