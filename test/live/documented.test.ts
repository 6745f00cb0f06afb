/**
 * Every documented payload, end to end: a server on 127.0.0.1 answers with the example payloads of
 * REFOLD-API.md (test/fixtures/documented/), and they go through the live fetch (with the default
 * app), `generate --strict` (no warning), a real `tsc` check of a consumer with wrong calls, and
 * runtime calls whose answers and error bodies land in the documented classes.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { generate, type GenerateResult } from "../../generator/generate.js";
import * as doc from "../fixtures/documented/payloads.js";
import { consumerProgram } from "../helpers/consumerProgram.js";
import { liveOptions, recordingReporter } from "./helpers.js";

const API_KEY = "tk_documented_key";
const dir = path.join(import.meta.dirname, "..", "fixtures", "documented", `.tmp-${process.pid}`);
const out = path.join(dir, "out");
let url: string;
let server: ReturnType<typeof createServer>;
const executed: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** Serves the documented payloads; `linked_account_id: "err:<name>"` answers that error body. */
async function handle(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  for await (const chunk of req) body += chunk;
  const parts = (req.url ?? "").split("/").slice(1).map(decodeURIComponent);
  const account = String(req.headers["linked_account_id"] ?? "");
  if (parts.join("/") === "api/v2/public/session-token") {
    const { linked_account_id } = JSON.parse(body) as { linked_account_id: string };
    if (linked_account_id === "nobody")
      return send(
        res,
        doc.errors.invalidLinkedAccount.status,
        doc.errors.invalidLinkedAccount.body,
      );
    return send(res, 200, doc.sessionToken);
  }
  if (account.startsWith("err:")) {
    const error = doc.errors[account.slice(4) as keyof typeof doc.errors];
    return send(res, error.status, error.body);
  }
  const [, , area, a, b, c, d] = parts;
  if (area === "public" && a === "application" && b === undefined)
    return send(res, 200, doc.appList);
  if (area === "public" && a === "application") {
    const app = doc.appList.find((x) => x.slug === b);
    return app ? send(res, 200, app) : send(res, 404, doc.errors.slugNotFound.body);
  }
  const list = doc.actionLists[a!];
  if (area !== "integration-schema" || b !== "actions" || list === undefined)
    return send(res, 404, doc.errors.slugNotFound.body);
  if (c === undefined) return send(res, 200, list);
  const key = `${a}/${c}`;
  if (d === "execute") {
    executed.push(key);
    const result = doc.executeResults[key];
    return result ? send(res, 200, result) : send(res, 404, doc.errors.actionNotFound.body);
  }
  const fields = doc.fieldLists[key];
  return fields ? send(res, 200, fields) : send(res, 404, doc.errors.actionNotFound.body);
}

let result: GenerateResult;
beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(dir, { recursive: true });
  const options = liveOptions(url, out, {
    defaultApp: doc.DEFAULT_APP,
    strict: true,
    rateLimit: false,
  });
  const source = liveSource(options, { REFOLD_API_KEY: API_KEY }, recordingReporter());
  result = await generate(options, { source });
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("the documented payloads", () => {
  it("generate --strict: every app, the default app included, and no warning", () => {
    expect(result.diagnostics.items).toEqual([]);
    expect(result.apps).toBe(4);
    const modules = [...result.files.keys()].filter((f) => /^apps\/[^.]+\.ts$/.test(f));
    expect(modules.sort()).toEqual([
      "apps/acme_backend.ts",
      "apps/hubspot.ts",
      "apps/notes.ts",
      "apps/tickets.ts",
    ]);
    const tickets = result.files.get("apps/tickets.ts")!;
    // Plain-string, {name, value} and {label, value} options all become unions.
    expect(tickets).toMatch(/priority: "low" \| "medium" \| "high";/);
    expect(tickets).toMatch(/channel\?: "email" \| "phone";/);
    expect(tickets).toMatch(/tags\?: \("billing" \| "bug"\)\[\];/);
    // label, description, help_text and placeholder reach the doc comment.
    expect(tickets).toMatch(
      /\* Subject\n\s+\*\n\s+\* Shown as the ticket title\.\n\s+\*\n\s+\* One line\.\n\s+\*\n\s+\* Example: Printer on fire/,
    );
    expect(result.files.get("apps/acme_backend.ts")).toContain("Event name.");
    // The unlisted default app's snapshot records only what is known of it.
    expect(JSON.parse(result.files.get("schemas/acme_backend.json")!).app).toEqual({
      name: doc.DEFAULT_APP,
      slug: doc.DEFAULT_APP,
    });
  });

  it("type-checks a consumer; wrong option values and shapes are rejected", () => {
    const consumer = path.join(dir, "consumer.ts");
    writeFileSync(
      consumer,
      [
        `import { createRefoldClient } from "./out/index.js";`,
        `const acme = createRefoldClient({ apiKey: "k" }).forAccount("acme");`,
        `export const ok = [`,
        `  acme.tickets.createTicket({ priority: "low", subject: "s", tags: ["bug"], estimate: "3" }),`,
        `  acme.acmeBackend.notifyBackend({ event: "e", count: 2, payload: { a: [1] } }),`,
        `  acme.hubspot.getContact({ limit: "1" }),`,
        `];`,
        `// @ts-expect-error not one of the plain-string options`,
        `export const a = acme.tickets.createTicket({ priority: "urgent", subject: "s" });`,
        `// @ts-expect-error a multiple select takes an array`,
        `export const b = acme.tickets.createTicket({ priority: "low", subject: "s", tags: "bug" });`,
        `// @ts-expect-error the API proxy's mandatory field is missing`,
        `export const c = acme.acmeBackend.notifyBackend({ count: 1 });`,
        ``,
      ].join("\n"),
    );
    const program = consumerProgram([consumer]);
    const errors = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    expect(errors).toEqual([]);
    // Without the directives, exactly those three lines fail.
    writeFileSync(consumer, ts.sys.readFile(consumer)!.replaceAll("// @ts-expect-error", "//"));
    const strict = ts.createProgram({
      rootNames: [consumer],
      options: program.getCompilerOptions(),
    });
    expect(ts.getPreEmitDiagnostics(strict)).toHaveLength(3);
  }, 120_000);

  it("runtime calls: both success forms, a provider failure, each error body, session tokens", async () => {
    const mod = (await import(
      path.join(out, "index.ts")
    )) as typeof import("../../generated/index.js");
    const refold = mod.createRefoldClient({
      apiKey: API_KEY,
      baseUrl: url,
      retries: 0,
      rateLimit: false,
    }) as any;
    try {
      const acme = refold.forAccount("acme");
      expect(await acme.hubspot.createContact({ email: "jane@example.com" })).toEqual({
        id: "101",
        properties: { email: "jane@example.com" },
      });
      expect((await acme.hubspot.getContact({ limit: "1" })).paging.next.after).toBe("102");
      expect(await acme.tickets.createTicket({ priority: "low", subject: "s" })).toEqual({ id: 7 });
      expect(await acme.acmeBackend.notifyBackend({ event: "e" })).toEqual({ ok: true });
      await expect(acme.notes.listNotes()).rejects.toBeInstanceOf(mod.RefoldProviderError);

      const failWith = (name: string) =>
        refold
          .forAccount(`err:${name}`)
          .hubspot.getContact()
          .then(
            () => undefined,
            (e: unknown) => e,
          );
      const validation = await failWith("validation");
      expect(validation).toBeInstanceOf(mod.RefoldValidationError);
      expect(validation.requestId).toBe("req_documented");
      expect(await failWith("unauthorized")).toBeInstanceOf(mod.RefoldAuthenticationError);
      const notFound = await failWith("actionNotFound");
      expect(notFound).toBeInstanceOf(mod.RefoldNotFoundError);
      expect(notFound.resource).toBe("action");
      expect((await failWith("slugNotFound")).resource).toBe("app");
      const external = await failWith("externalFailure");
      expect(external).toBeInstanceOf(mod.RefoldServerError);
      expect(external.serverCode).toBe("EXTERNAL_API_FAILURE");
    } finally {
      await refold.close();
    }

    const minting = mod.createRefoldClient({
      apiKey: API_KEY,
      baseUrl: url,
      sessionTokens: true,
      rateLimit: false,
    }) as any;
    try {
      const before = executed.length;
      expect(await minting.forAccount("acme").acmeBackend.notifyBackend({ event: "e" })).toEqual({
        ok: true,
      });
      const unknown = await minting
        .forAccount("nobody")
        .hubspot.createContact({ email: "x@example.com" })
        .catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(mod.RefoldNotFoundError);
      expect(unknown.resource).toBe("linked_account");
      expect(unknown.mayHaveSucceeded).toBe(false);
      expect(executed.slice(before)).toEqual([`${doc.DEFAULT_APP}/notify_backend`]);
    } finally {
      await minting.close();
    }
  });

  it("webhooks: both documented payloads verify and parse", async () => {
    const mod = (await import(
      path.join(out, "index.ts")
    )) as typeof import("../../generated/index.js");
    for (const payload of Object.values(doc.webhooks)) {
      const raw = JSON.stringify(payload);
      const signature = createHmac("sha256", API_KEY).update(raw).digest("hex");
      expect(mod.parseRefoldWebhook(raw, signature, API_KEY)).toEqual(payload);
      expect(mod.parseRefoldWebhook(raw, signature, "another_key")).toBeUndefined();
    }
  });
});
