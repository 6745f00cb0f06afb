// Type-checks templates/runtime (plus a consumer file with @ts-expect-error lines) with TypeScript
// 5.9 and TypeScript 7, under NodeNext and Bundler, with the strictest flags users turn on.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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
  RefoldError, RefoldNotFoundError, isRefoldError, shouldRetry,
  type Action, type ActionWithOptionalParams, type Execute, type Client, type ActionEnvelope,
  type MockRefold, type MockOptions, type RefoldWebhookEvent,
} from "../../../templates/runtime/index.js";

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
    if (error instanceof RefoldError) { const m: boolean = error.mayHaveSucceeded; void m; }
  }
  const ok: boolean = verifyRefoldWebhook("{}", undefined, "k");
  const retry: boolean = shouldRetry({ kind: "read", idempotent: false, attempt: 1, maxRetries: 2, failure: { type: "status", status: 503 } });
  const event = {} as RefoldWebhookEvent;
  if (event.event === "Connection Expired") { const slug: string = event.slug; void slug; }
  void id; void status; void email; void ok; void retry;
}
`;

const variants = {
  nodenext: { module: "NodeNext", moduleResolution: "NodeNext" },
  bundler: { module: "ESNext", moduleResolution: "Bundler" },
};

beforeAll(() => {
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(tmp, "consumer.ts"), consumer);
  const files = readdirSync(runtimeDir)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(runtimeDir, f));
  for (const [name, moduleOptions] of Object.entries(variants)) {
    writeFileSync(
      join(tmp, `tsconfig.${name}.json`),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          ...moduleOptions,
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          noImplicitReturns: true,
          noFallthroughCasesInSwitch: true,
          noPropertyAccessFromIndexSignature: true,
          isolatedModules: true,
          types: ["node"],
        },
        files: [...files, join(tmp, "consumer.ts")],
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
          [bin, "-p", join(tmp, `tsconfig.${variant}.json`)],
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
