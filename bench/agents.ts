/**
 * `npm run bench:agents` (issue 13): what runtime metadata, validation and the toolkit cost.
 *
 *   npx tsx bench/agents.ts [--size 300x60] [--runs 3] [--duration-ms 2000] [--only catalog,validation]
 *
 * 1. A synthetic catalog (seed 1; 300×60 = 18,000 actions by default) is generated with its
 *    metadata modules; `tsc --noEmit` (TS 7) type-checks small consumer projects: empty, one app
 *    picked with `createClient`, the same with `validate: true` and the app's metadata loader, the
 *    all-apps `createRefoldClient`, and a toolkit. Medians over --runs, ratio to the empty project.
 * 2. Import: `import(index.ts)` in a fresh process (tsx), then the first validated call's metadata
 *    load, then `createToolkit` over every app (loads every metadata module).
 * 3. Validation overhead: the executor against a local server (child process) at concurrency 50,
 *    `validate: false` vs `true` in alternating rounds; throughput ratio and p99 difference.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { median, ROOT } from "./measure.js";
import { TSCONFIG } from "./sections/tsc.js";
import {
  makeSyntheticCatalog,
  parseSize,
  writeSyntheticSnapshot,
} from "../test/fixtures/synthetic.js";

const TSC7 = path.join(ROOT, "node_modules/typescript7/bin/tsc");
const { values } = parseArgs({
  options: {
    size: { type: "string", default: "300x60" },
    runs: { type: "string", default: "3" },
    "duration-ms": { type: "string", default: "2000" },
    only: { type: "string", default: "catalog,validation" },
  },
});
const runs = Number(values.runs);
const { apps, actionsPerApp } = parseSize(values.size!);
const work = path.join(ROOT, "bench/out", `.tmp-agents-${apps}x${actionsPerApp}`);
const out = path.join(work, "out");
const ms = (n: number) => `${Math.round(n)} ms`;

function generateCatalog(): void {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(out, "schemas"), { recursive: true });
  writeSyntheticSnapshot(
    path.join(out, "schemas"),
    makeSyntheticCatalog({ apps, actionsPerApp, seed: 1 }),
  );
  const started = performance.now();
  execFileSync(process.execPath, [path.join(ROOT, "bin/refold-gen.js"), "generate", "--out", out], {
    stdio: "ignore",
  });
  const meta = readdirSync(path.join(out, "apps")).filter((f) => f.endsWith(".meta.ts"));
  const bytes = meta.reduce((n, f) => n + statSync(path.join(out, "apps", f)).size, 0);
  console.log(
    `catalog ${apps}×${actionsPerApp} (${apps * actionsPerApp} actions): generated in ${ms(performance.now() - started)}; ${meta.length} metadata modules, ${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  );
}

function typeCheck(): void {
  const first = readdirSync(path.join(out, "apps"))
    .filter((f) => !f.includes(".meta."))
    .sort()[0]!
    .slice(0, -3);
  const factory = `create${first.replace(/(^|_)([a-z0-9])/g, (_m, _s, c: string) => c.toUpperCase())}Actions`;
  const prop = first.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const call = (target: string) => `${target}.httprequest({ url_path: "/v1/items" })`;
  const projects: Record<string, string> = {
    "empty project (baseline)": "export {};\n",
    "createClient, one app": `import { createClient } from "../../out/runtime/index.js";\nimport { ${factory} } from "../../out/apps/${first}.js";\nconst refold = createClient({ apiKey: "k" }, { app: ${factory} });\nexport const r: Promise<unknown> = ${call(`refold.forAccount("a").app`)};\n`,
    "createClient, one app, validate: true + its metadata": `import { createClient } from "../../out/runtime/index.js";\nimport { ${factory} } from "../../out/apps/${first}.js";\nconst refold = createClient({ apiKey: "k", validate: true }, { app: ${factory} }, [["${first}", () => import("../../out/apps/${first}.meta.js")]]);\nexport const r: Promise<unknown> = ${call(`refold.forAccount("a").app`)};\n`,
    "createRefoldClient (every app), one call": `import { createRefoldClient } from "../../out/index.js";\nconst refold = createRefoldClient({ apiKey: "k" });\nexport const r: Promise<unknown> = ${call(`refold.forAccount("a").${prop}`)};\n`,
    "createToolkit + adapters": `import { anthropicTools, createRefoldClient, createToolkit, openAIChatTools } from "../../out/index.js";\nconst toolkit = await createToolkit(createRefoldClient({ apiKey: "k" }).forAccount("a"), { writes: "deny" });\nexport const tools = [openAIChatTools(toolkit.tools), anthropicTools(toolkit.tools)];\n`,
  };
  let baseline = NaN;
  Object.entries(projects).forEach(([label, source], i) => {
    const dir = path.join(work, "tsc", `p${i}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TSCONFIG));
    writeFileSync(path.join(dir, "main.ts"), source);
    const times: number[] = [];
    let listed = "";
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const result = spawnSync(process.execPath, [TSC7, "-p", dir, "--listFiles"], {
        encoding: "utf8",
      });
      times.push(performance.now() - started);
      if (result.status !== 0)
        throw new Error(`${label}: tsc failed\n${result.stdout}${result.stderr}`);
      listed = result.stdout;
    }
    const t = median(times);
    if (i === 0) baseline = t;
    const metaFiles = listed.split("\n").filter((l) => l.includes(".meta.ts")).length;
    console.log(
      `  tsc (TS 7) ${label}: ${ms(t)} = ${(t / baseline).toFixed(2)}× empty; ${metaFiles} metadata modules in the program`,
    );
  });
}

function importCost(): void {
  const script = `
    const { performance } = await import("node:perf_hooks");
    let t = performance.now();
    const g = await import(${JSON.stringify(path.join(out, "index.ts"))});
    const importMs = performance.now() - t;
    const client = g.createRefoldClient({ apiKey: "k", baseUrl: "http://127.0.0.1:9", validate: true, retries: 0 });
    t = performance.now();
    const bad = await client.forAccount("a").app001.httprequest({}).catch((e) => e.code);
    const firstValidationMs = performance.now() - t;
    t = performance.now();
    const toolkit = await g.createToolkit(client.forAccount("a"), { writes: "allow" });
    const toolkitMs = performance.now() - t;
    await client.close();
    console.log(JSON.stringify({ importMs, firstValidationMs, bad, toolkitMs, tools: toolkit.tools.length }));
  `;
  const samples = Array.from({ length: runs }, () => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
  });
  const m = (k: string) => median(samples.map((s) => s[k] as number));
  console.log(
    `  import index.ts (tsx): ${ms(m("importMs"))}; first validate:true call (loads one app's metadata, fails ${samples[0].bad} unsent): ${ms(m("firstValidationMs"))}; createToolkit over every app: ${ms(m("toolkitMs"))} for ${samples[0].tools} tools`,
  );
}

const SERVER = `
const http = require("node:http");
const body = JSON.stringify({ node_status: "Success", http_status: 200, data: { id: "51" } });
http.createServer((req, res) => { req.resume(); req.on("end", () => { res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }); res.end(body); }); })
  .listen(0, "127.0.0.1", function () { process.stdout.write(this.address().port + "\\n"); });
`;

async function validationOverhead(): Promise<void> {
  const { createClient } = await import("../generated/runtime/index.js");
  const { createHubspotActions } = await import("../generated/apps/hubspot.js");
  const child = spawn(process.execPath, ["-e", SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())),
  );
  const client = createClient(
    {
      apiKey: "tk_bench",
      baseUrl: `http://127.0.0.1:${port}`,
      rateLimit: false,
      retries: 0,
      connections: 50,
      maxInFlightPerAccount: 50,
    },
    { hubspot: createHubspotActions },
    [["hubspot", () => import("../generated/apps/hubspot.meta.js")]],
  ).forAccount("acme");
  const params = { email: "jane@example.com", firstname: "Jane", lastname: "Doe" };
  const durationMs = Number(values["duration-ms"]);
  const totals = {
    off: { n: 0, ms: 0, cpuUs: 0, lat: [] as number[] },
    on: { n: 0, ms: 0, cpuUs: 0, lat: [] as number[] },
  };
  const drive = async (validate: boolean, measure: boolean) => {
    const stopAt = performance.now() + (measure ? durationMs : 300);
    const started = performance.now();
    const cpu = process.cpuUsage();
    let n = 0;
    const lat: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (performance.now() < stopAt) {
          const t = performance.now();
          await client.hubspot.createContact(params, { validate });
          lat.push(performance.now() - t);
          n++;
        }
      }),
    );
    if (!measure) return;
    const bucket = validate ? totals.on : totals.off;
    bucket.n += n;
    bucket.ms += performance.now() - started;
    const used = process.cpuUsage(cpu);
    bucket.cpuUs += used.user + used.system;
    bucket.lat.push(...lat);
  };
  await drive(false, false);
  await drive(true, false);
  for (let round = 0; round < 6; round++) {
    await drive(round % 2 === 0, true);
    await drive(round % 2 !== 0, true);
  }
  await client.close();
  child.kill();
  const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
  const rps = (b: typeof totals.on) => (b.n / b.ms) * 1000;
  console.log(
    `  executor, concurrency 50: validate off ${Math.round(rps(totals.off))} req/s (p99 ${p99(totals.off.lat).toFixed(2)} ms), on ${Math.round(rps(totals.on))} req/s (p99 ${p99(totals.on.lat).toFixed(2)} ms): ${(100 * (1 - rps(totals.on) / rps(totals.off))).toFixed(1)}% throughput cost (target ≤ 5%)`,
  );
  // Client CPU per call is steadier than wall throughput on a shared machine.
  const cpu = (b: typeof totals.on) => b.cpuUs / b.n;
  console.log(
    `  client CPU per call: validate off ${cpu(totals.off).toFixed(1)} µs, on ${cpu(totals.on).toFixed(1)} µs (+${(100 * (cpu(totals.on) / cpu(totals.off) - 1)).toFixed(1)}%)`,
  );
  // The client-side path alone: the same client on an executor that answers at once, so the
  // difference is exactly what validation adds per call.
  const { clientFromExecutor } = await import("../generated/runtime/index.js");
  const stub = clientFromExecutor(
    { execute: async () => null, run: async () => null, close: async () => {} } as never,
    { hubspot: createHubspotActions },
    "acme",
    {},
    [["hubspot", () => import("../generated/apps/hubspot.meta.js")]],
  );
  await stub.hubspot.createContact(params, { validate: true });
  const perCall = async (validate: boolean) => {
    const calls = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await stub.hubspot.createContact(params, { validate });
    return ((performance.now() - t0) / calls) * 1000;
  };
  const path = { off: [] as number[], on: [] as number[] };
  for (let r = 0; r < 5; r++) {
    path.off.push(await perCall(false));
    path.on.push(await perCall(true));
  }
  const added = median(path.on) - median(path.off);
  console.log(
    `  client path on a stub executor: ${median(path.off).toFixed(2)} µs per call, ${median(path.on).toFixed(2)} µs validated: +${added.toFixed(2)} µs = ${((100 * added) / cpu(totals.off)).toFixed(1)}% of the real executor's ${cpu(totals.off).toFixed(0)} µs CPU per call (target ≤ 5%)`,
  );
  // The validator alone, per call.
  const { paramsValidator } = await import("../generated/runtime/index.js");
  const { metadata } = await import("../generated/apps/hubspot.meta.js");
  const validator = paramsValidator(metadata.actions.find((a) => a.id === "create_contact")!);
  const n = 200_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) validator.check(params);
  console.log(
    `  validator alone (create_contact, 3 fields): ${(((performance.now() - t) / n) * 1000).toFixed(2)} µs per call`,
  );
}

const only = new Set(values.only!.split(","));
if (only.has("catalog")) {
  generateCatalog();
  typeCheck();
  importCost();
}
if (only.has("validation")) await validationOverhead();
