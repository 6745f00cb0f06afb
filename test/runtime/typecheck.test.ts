// Type-checks templates/runtime (plus a consumer file with @ts-expect-error lines) with TypeScript
// 5.9 and TypeScript 7, under NodeNext, Bundler and CommonJS (node16), with the strictest flags
// users turn on, including erasableSyntaxOnly (Node's type stripping) and isolatedDeclarations.
// Each variant gets its own copy of the runtime in a package of the matching "type", as an app
// holding generated/runtime would.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const root = resolve(__dirname, "../..");
const runtimeDir = join(root, "templates/runtime");
const tmp = join(__dirname, `.tmp-typecheck-${process.pid}`);

const consumer = `
import {
  createClient, createMock, defaultExecute, configureRefold, verifyRefoldWebhook,
  RefoldError, RefoldNotFoundError, RefoldMockNotStubbedError, isRefoldError, shouldRetry,
  type Action, type ActionWithOptionalParams, type Execute, type Client, type ActionEnvelope,
  type MockRefold, type MockOptions, type RefoldWebhookEvent,
} from "./runtime/all.js";

interface CreateContactParams { email: string; firstname?: string }
interface GetContactParams { limit?: string }
interface HubspotActions {
  createContact: Action<CreateContactParams>;
  getContact: ActionWithOptionalParams<GetContactParams>;
}
function createHubspotActions(execute: Execute): HubspotActions {
  return {
    createContact: (params, options) => execute("hubspot", "create_contact", params, { ...options, kind: "write" }),
    getContact: (params, options) => execute("hubspot", "get_contact", params, { ...options, kind: "read" }),
  };
}
interface Apps { hubspot: HubspotActions }
const apps = { hubspot: createHubspotActions };

export async function main(): Promise<void> {
  const client: Client<Apps> = createClient<Apps>({ apiKey: "k", retries: 1, rateLimit: false }, apps);
  // exactOptionalPropertyTypes: options straight from the environment (string | undefined) are accepted.
  const fromEnv = createClient<Apps>(
    { apiKey: process.env["REFOLD_API_KEY"], baseUrl: process.env["REFOLD_BASE_URL"], timeoutMs: undefined },
    apps,
  );
  await fromEnv.hubspot.getContact(undefined, { linkedAccountId: process.env["ACCOUNT"], signal: undefined });
  const tuned = createClient<Apps>(
    { apiKey: "k", attemptTimeoutMs: undefined, minWriteBudgetMs: 50, maxInFlightPerAccount: 8 },
    apps,
  );
  void tuned;
  const acme = client.forAccount("acme");
  const created = await acme.hubspot.createContact<{ id: string }>({ email: "a@b.c" });
  const id: string = created.id;
  const env: ActionEnvelope<{ id: string }> = await acme.hubspot.createContact<{ id: string }>(
    { email: "a@b.c" }, { envelope: true });
  const status: string | undefined = env.node_status;
  await acme.hubspot.getContact();
  // @ts-expect-error missing required field
  await acme.hubspot.createContact({ firstname: "x" });
  // @ts-expect-error unknown app
  void client.salesforce;
  await client.close();
  configureRefold({ apiKey: "k" });
  await defaultExecute("hubspot", "get_contact", undefined, { kind: "read" });

  const mockOptions: MockOptions = { linkedAccountId: "m" };
  const mock: MockRefold<Apps> = createMock<Apps>(apps, mockOptions);
  mock.stub("hubspot", "createContact", { data: { id: "1" }, match: { email: "a@b.c" } });
  mock.stub("hubspot", "createContact", (params) => ({ id: params.email }));
  // @ts-expect-error wrong params type in a responder
  mock.stub("hubspot", "createContact", (params) => params.nope);
  // @ts-expect-error unknown method
  mock.stub("hubspot", "deleteEverything", { data: 1 });
  // @ts-expect-error unknown app
  mock.stub("zendesk", "createContact", { data: 1 });
  const calls = mock.callsTo("hubspot", "createContact");
  const email: string | undefined = calls[0]?.params.email;

  try {
    await mock.client.hubspot.createContact({ email: "x@y.z" });
  } catch (error) {
    if (error instanceof RefoldNotFoundError) { const r: string = error.resource; void r; }
    if (isRefoldError(error)) { const c: string = error.code; void c; }
    if (error instanceof RefoldMockNotStubbedError) { const m: "mock_not_stubbed" | string = error.code; void m; }
    if (error instanceof RefoldError) { const m: boolean = error.mayHaveSucceeded; void m; }
  }
  const ok: boolean = verifyRefoldWebhook("{}", undefined, "k");
  const retry: boolean = shouldRetry({ kind: "read", idempotent: false, attempt: 1, maxRetries: 2, failure: { type: "status", status: 503 } });
  const event = {} as RefoldWebhookEvent;
  if (event.event === "Connection Expired") { const slug: string = event.slug; void slug; }
  void id; void status; void email; void ok; void retry;
}
`;

// CommonJS drops verbatimModuleSyntax: under it a CommonJS file may not use import/export syntax
// at all (TS1286/TS1295), so no ESM-syntax source can satisfy both.
const variants = {
  nodenext: { type: "module", options: { module: "NodeNext", moduleResolution: "NodeNext" } },
  bundler: { type: "module", options: { module: "ESNext", moduleResolution: "Bundler" } },
  commonjs: {
    type: "commonjs",
    options: { module: "Node16", moduleResolution: "Node16", verbatimModuleSyntax: false },
  },
};

beforeAll(() => {
  const files = readdirSync(runtimeDir).filter((f) => f.endsWith(".ts"));
  for (const [name, variant] of Object.entries(variants)) {
    const dir = join(tmp, name);
    mkdirSync(join(dir, "runtime"), { recursive: true });
    for (const file of files) copyFileSync(join(runtimeDir, file), join(dir, "runtime", file));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: variant.type }));
    writeFileSync(join(dir, "consumer.ts"), consumer);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          strict: true,
          noEmit: true,
          declaration: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
          erasableSyntaxOnly: true,
          isolatedDeclarations: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          noUnusedLocals: true,
          noUnusedParameters: true,
          noImplicitReturns: true,
          noFallthroughCasesInSwitch: true,
          noPropertyAccessFromIndexSignature: true,
          isolatedModules: true,
          types: ["node"],
          typeRoots: [join(root, "node_modules/@types")],
          ...variant.options,
        },
        files: [...files.map((f) => join(dir, "runtime", f)), join(dir, "consumer.ts")],
      }),
    );
  }
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const compilers = {
  "TypeScript 5.9": join(root, "node_modules/typescript/bin/tsc"),
  "TypeScript 7": join(root, "node_modules/typescript7/bin/tsc"),
};

describe("runtime type-checks", () => {
  for (const [compiler, bin] of Object.entries(compilers)) {
    for (const variant of Object.keys(variants)) {
      test(`${compiler}, ${variant}, strictest flags`, async () => {
        const result = await run(
          process.execPath,
          [bin, "-p", join(tmp, variant, "tsconfig.json")],
          {
            cwd: root,
          },
        ).then(
          () => ({ code: 0, out: "" }),
          (error: { code?: number; stdout?: string; stderr?: string }) => ({
            code: error.code ?? 1,
            out: `${error.stdout ?? ""}${error.stderr ?? ""}`,
          }),
        );
        expect(result.out).toBe("");
        expect(result.code).toBe(0);
      });
    }
  }

  test("the checker does reject a broken file (the test can fail)", async () => {
    writeFileSync(join(tmp, "broken.ts"), `const x: number = "nope"; export { x };\n`);
    writeFileSync(
      join(tmp, "tsconfig.broken.json"),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true },
        files: [join(tmp, "broken.ts")],
      }),
    );
    const failed = await run(process.execPath, [
      compilers["TypeScript 7"],
      "-p",
      join(tmp, "tsconfig.broken.json"),
    ]).then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
  });
});
