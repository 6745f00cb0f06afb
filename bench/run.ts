/**
 * `npm run bench` (issue 6): the scale benchmark. Prints a table and writes the numbers as JSON.
 *
 *   npm run bench -- [--size large|small|NxM] [--runs 3] [--only a,b] [--json bench/results.json]
 *
 * Sections (`--only`): cold, openapi, regen, fetch, tsc, executor. Every measured thing runs in a
 * child process: wall time is taken here (spawn to exit, so Node + tsx startup is included), peak
 * RSS with GNU `/usr/bin/time -f %M` (the largest process of the child's tree), or, without it,
 * `process.resourceUsage().maxRSS` printed by a preloaded hook in each Node process. Times are
 * medians over `--runs`; RSS is the peak over the runs. The executor comparison runs once
 * (it alternates its own rounds).
 *
 * Work files live in bench/out/.tmp-bench-<apps>x<actions>/ (gitignored; .tmp-* keeps them out of
 * the project type-check); the synthetic catalog is
 * seeded (seed 1), so every run measures the same bytes.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import {
  makeSyntheticCatalog,
  parseSize,
  writeSyntheticSnapshot,
} from "../test/fixtures/synthetic.js";
import { ROOT, hasGnuTime } from "./measure.js";
import {
  GiB,
  SECTIONS,
  fmtMs,
  gitInfo,
  printTable,
  round,
  type Context,
  type Section,
} from "./results.js";
import { coldGeneration } from "./sections/cold.js";
import { executor } from "./sections/executor.js";
import { fetchFromEmulator } from "./sections/fetch.js";
import { openapiTypescript } from "./sections/openapi.js";
import { regeneration, warmOutDir } from "./sections/regen.js";
import { typeCheck } from "./sections/tsc.js";

const SEED = 1;

// ---------------------------------------------------------------------------------------------
// Arguments

const USAGE =
  "usage: npm run bench -- [--size large|small|NxM] [--runs N] [--only " +
  SECTIONS.join(",") +
  "] [--json FILE]";

function parseCliArgs(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: "string", default: "large" },
      runs: { type: "string", default: "3" },
      only: { type: "string" },
      json: { type: "string", default: "bench/results.json" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = parseSize(values.size!);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer`);
  const only = values.only
    ? values.only.split(",").map((s) => s.trim())
    : ([...SECTIONS] as string[]);
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`unknown section(s) in --only: ${unknown.join(", ")}`);
  return {
    sizeName: values.size!,
    size,
    runs,
    only: new Set(only as Section[]),
    json: path.resolve(ROOT, values.json!),
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  const { apps, actionsPerApp } = args.size;
  const work = path.join(ROOT, "bench", "out", `.tmp-bench-${apps}x${actionsPerApp}`);
  mkdirSync(work, { recursive: true });
  const log = (s: string) => console.error(s);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalMemoryGiB: round(os.totalmem() / 1024 ** 3),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    ...gitInfo(),
    rss: hasGnuTime ? "/usr/bin/time -f %M" : "process.resourceUsage().maxRSS hook",
  };
  log(
    `bench: ${apps}×${actionsPerApp}, ${args.runs} run(s), sections ${[...args.only].join(",")}; ` +
      `${machine.cpus} CPUs, load ${machine.loadAverageAtStart.join(" ")}, node ${machine.node}`,
  );

  const catalog = makeSyntheticCatalog({ apps, actionsPerApp, seed: SEED });
  const snapshotDir = path.join(work, "snapshot");
  rmSync(snapshotDir, { recursive: true, force: true });
  writeSyntheticSnapshot(snapshotDir, catalog);
  const ctx: Context = {
    work,
    runs: args.runs,
    catalog,
    snapshotDir,
    actions: catalog.reduce((n, s) => n + s.actions.length, 0),
    rows: [],
    raw: {},
    log,
  };
  const started = performance.now();
  const on = (s: Section) => args.only.has(s);

  // The warm output (and a copy for the live fetch) is set up before anything changes it.
  let warm: string | undefined;
  let live: string | undefined;
  if (on("regen") || on("tsc") || on("fetch")) warm = await warmOutDir(ctx, "gen");
  if (on("fetch")) {
    live = path.join(work, "live");
    rmSync(live, { recursive: true, force: true });
    cpSync(warm!, live, { recursive: true });
  }
  if (on("cold")) await coldGeneration(ctx);
  if (on("openapi")) await openapiTypescript(ctx);
  if (on("cold") && on("openapi")) {
    const cold = ctx.rows.find((r) => r.section === "cold")!;
    const oa = ctx.rows.find((r) => r.section === "openapi")!;
    const ratio = oa.medianMs / cold.medianMs;
    cold.note = `${round(ratio, 2)}× faster than openapi-ts (≥ 3×, aim 4×); peak RSS < 1 GiB`;
    cold.pass = ratio >= 3 && (cold.rssMiB === null || cold.rssMiB < GiB);
    cold.extra = { ...cold.extra, ratioVsOpenapiTypescript: round(ratio, 3) };
    oa.note = "baseline";
  }
  if (on("regen")) await regeneration(ctx, warm!);
  if (on("fetch")) await fetchFromEmulator(ctx, live!);
  if (on("tsc")) await typeCheck(ctx, warm!);
  if (on("executor")) await executor(ctx);

  const command = [
    "npm run bench",
    ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : []),
  ].join(" ");
  console.log(
    `\nrefold-gen bench: synthetic ${apps} apps × ${actionsPerApp} actions (${ctx.actions} actions, seed ${SEED}), ` +
      `median of ${args.runs} run(s); ${machine.cpus} CPUs, ${machine.node}, ${machine.commit?.slice(0, 7) ?? "?"}${machine.dirty ? "+dirty" : ""}\n`,
  );
  printTable(ctx.rows);
  const misses = ctx.rows.filter((r) => r.pass === false);
  console.log(
    `\n${ctx.rows.filter((r) => r.pass === true).length} target(s) met, ${misses.length} missed` +
      `; load average at start ${machine.loadAverageAtStart.join(" ")}; total ${fmtMs(performance.now() - started)}.`,
  );
  mkdirSync(path.dirname(args.json), { recursive: true });
  writeFileSync(
    args.json,
    JSON.stringify(
      {
        command,
        machine,
        synthetic: { apps, actionsPerApp, actions: ctx.actions, seed: SEED },
        runs: args.runs,
        sections: [...args.only],
        rows: ctx.rows.map((r) => ({
          ...r,
          medianMs: Number.isNaN(r.medianMs) ? null : round(r.medianMs),
          pipelineMs: r.pipelineMs === undefined ? undefined : round(r.pipelineMs),
          rssMiB: r.rssMiB === null ? null : round(r.rssMiB),
          runsMs: r.runsMs?.map((x) => round(x)),
        })),
        raw: ctx.raw,
      },
      null,
      2,
    ) + "\n",
  );
  console.log(`numbers → ${path.relative(ROOT, args.json)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
