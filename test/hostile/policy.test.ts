// One malformed-input policy, live and offline: the same bad entry gives the same warning (or the
// same error) whether it arrives in a snapshot file or from the API over real HTTP. Invalid UTF-8
// and byte order marks are reported the same way in both, naming the file or URL and byte offset.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../generator/core/diagnostics.js";
import { GenerationError } from "../../generator/core/errors.js";
import { liveSource } from "../../generator/source/fetchCatalog.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../../generator/core/options.js";
import { scratchDir } from "./helpers.js";

const dir = scratchDir("policy");
/** Response bodies by request path, set per case. */
let routes = new Map<string, Buffer>();
let server: http.Server;
let baseUrl = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = routes.get(req.url ?? "");
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" });
    res.end(body ?? JSON.stringify({ status_code: 404, message: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const APP = { slug: "crm", name: "CRM" };
const LIST = "/api/v2/integration-schema/crm/actions";

interface Case {
  /** The action list as served, and as stored in the snapshot. */
  list: unknown[];
  /** Parameter responses by action id (bytes, or a value to serialize). */
  params?: Record<string, unknown>;
}

/** Serves `c` over HTTP and writes the equivalent snapshot file. */
function setUp(name: string, c: Case, listBytes?: Buffer): { snapshotDir: string } {
  routes = new Map([["/api/v2/public/application", bytes([APP])]]);
  routes.set(LIST, listBytes ?? bytes(c.list));
  const actions = c.list.map((item) => {
    const id = (item as { action_id?: unknown } | null)?.action_id;
    if (typeof id !== "string" || !(id in (c.params ?? {}))) return item;
    const served = c.params![id];
    routes.set(
      `${LIST}/${encodeURIComponent(id)}`,
      Buffer.isBuffer(served) ? served : bytes(served),
    );
    return { ...(item as object), parameters: Buffer.isBuffer(served) ? [] : served };
  });
  const snapshotDir = path.join(dir, name, "snapshot");
  mkdirSync(snapshotDir, { recursive: true });
  writeFileSync(path.join(snapshotDir, "crm.json"), JSON.stringify({ app: APP, actions }));
  return { snapshotDir };
}

const reporter = { progress() {}, endProgress() {} };
const env = { REFOLD_API_KEY: "tk_policy_test" };

async function runBoth(name: string, c: Case) {
  const { snapshotDir } = setUp(name, c);
  const base: GenerateOptions = { ...defaultOptions({}), cache: false, linkedAccountId: "acme" };
  const offline = await generate({
    ...base,
    out: path.join(dir, name, "off"),
    offline: true,
    snapshotDir,
  });
  const liveOptions = { ...base, out: path.join(dir, name, "live"), offline: false, baseUrl };
  const live = await generate(liveOptions, { source: liveSource(liveOptions, env, reporter) });
  return { offline: offline.diagnostics.items, live: live.diagnostics.items };
}

const shape = (items: Diagnostic[]) =>
  items.map((d) => [d.code, d.slug, d.actionId, d.field, d.message]);

describe("the same malformed entry gives the same warning live and offline", () => {
  const ok = { action_id: "ok", name: "OK" };
  const table: [string, Case, string][] = [
    ["no action_id", { list: [ok, { name: "x" }], params: { ok: [] } }, "invalid-action"],
    ["a null entry", { list: [ok, null], params: { ok: [] } }, "invalid-action"],
    ["an empty action_id", { list: [ok, { action_id: "" }], params: { ok: [] } }, "invalid-action"],
    ["a numeric action_id", { list: [ok, { action_id: 7 }], params: { ok: [] } }, "invalid-action"],
    ["action_id ..", { list: [ok, { action_id: ".." }], params: { ok: [] } }, "invalid-action"],
    [
      "parameters not a list",
      { list: [ok, { action_id: "bad" }], params: { ok: [], bad: { oops: true } } },
      "invalid-parameters",
    ],
    [
      "parameters a string",
      { list: [ok, { action_id: "bad" }], params: { ok: [], bad: "nope" } },
      "invalid-parameters",
    ],
  ];
  it.each(table)("%s", async (name, c, code) => {
    const { offline, live } = await runBoth(name.replace(/\W+/g, "-"), c);
    expect(shape(live)).toEqual(shape(offline));
    expect(offline.map((d) => d.code)).toContain(code);
  });
});

describe("UTF-8 and byte order marks: one policy", () => {
  it("a BOM is a warning naming the file or URL and byte 0, in both modes", async () => {
    const c: Case = { list: [{ action_id: "ok" }], params: { ok: [] } };
    const { snapshotDir } = setUp("bom", c, Buffer.concat([BOM, bytes(c.list)]));
    const file = path.join(snapshotDir, "crm.json");
    writeFileSync(
      file,
      Buffer.concat([BOM, bytes({ app: APP, actions: [{ action_id: "ok", parameters: [] }] })]),
    );
    const base: GenerateOptions = { ...defaultOptions({}), cache: false, linkedAccountId: "acme" };
    const offline = await generate({
      ...base,
      out: path.join(dir, "bom", "off"),
      offline: true,
      snapshotDir,
    });
    const liveOptions = { ...base, out: path.join(dir, "bom", "live"), offline: false, baseUrl };
    const live = await generate(liveOptions, { source: liveSource(liveOptions, env, reporter) });
    const [off] = offline.diagnostics.items;
    const [on] = live.diagnostics.items;
    expect(off).toMatchObject({ code: "byte-order-mark", slug: "crm" });
    expect(off!.message).toBe(
      `${file} starts with a UTF-8 byte order mark (byte 0); it was ignored.`,
    );
    expect(on).toMatchObject({ code: "byte-order-mark", slug: "crm" });
    expect(on!.message).toBe(
      `GET ${baseUrl}${LIST} starts with a UTF-8 byte order mark (byte 0); it was ignored.`,
    );
  });

  const invalid: [string, Buffer][] = [
    ["a lone continuation byte", Buffer.from([0x80])],
    ["a truncated sequence", Buffer.from([0xe2, 0x82])],
    ["an overlong encoding", Buffer.from([0xc0, 0xaf])],
    ["an encoded surrogate", Buffer.from([0xed, 0xa0, 0x80])],
    ["a code point above U+10FFFF", Buffer.from([0xf4, 0x90, 0x80, 0x80])],
  ];
  it.each(invalid)("%s fails naming the byte offset, live and offline", async (name, bad) => {
    const prefix = Buffer.from('[{"name":"e');
    const body = Buffer.concat([prefix, bad, Buffer.from('","type":"text"}]')]);
    const c: Case = { list: [{ action_id: "ok" }], params: { ok: body } };
    const { snapshotDir } = setUp(`utf8-${name.replace(/\W+/g, "-")}`, c);
    const head = Buffer.from(`{"app":{"slug":"crm"},"actions":[{"action_id":"ok","parameters":`);
    const file = path.join(snapshotDir, "crm.json");
    writeFileSync(file, Buffer.concat([head, body, Buffer.from("}]}")]));
    const base: GenerateOptions = { ...defaultOptions({}), cache: false, linkedAccountId: "acme" };
    const off = generate({
      ...base,
      out: path.join(snapshotDir, "..", "off"),
      offline: true,
      snapshotDir,
    });
    await expect(off).rejects.toThrow(GenerationError);
    await expect(off).rejects.toThrow(
      `${file}: invalid UTF-8 at byte ${head.length + prefix.length} (0x${bad[0]!.toString(16)})`,
    );
    const liveOptions = {
      ...base,
      out: path.join(snapshotDir, "..", "live"),
      offline: false,
      baseUrl,
    };
    const on = generate(liveOptions, { source: liveSource(liveOptions, env, reporter) });
    await expect(on).rejects.toMatchObject({ code: "INVALID_UTF8" });
    await expect(on).rejects.toThrow(
      `GET ${baseUrl}${LIST}/ok: invalid UTF-8 at byte ${prefix.length} (0x${bad[0]!.toString(16)})`,
    );
  });
});
