/** Section "regen": regenerating a warm output after one app changed, and after no change. */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serializeAppSnapshot, type WireAppSnapshot } from "../../generator/core/snapshot.js";
import { freshOutDir, runCli, type CliSummary } from "../cli.js";
import { ROOT, check, measureNode, median, peak } from "../measure.js";
import { fmtMs, type Context } from "../results.js";

/** A warm output directory (generated once with the cache on), shared by regen and tsc. */
export async function warmOutDir(ctx: Context, name: string): Promise<string> {
  const dir = path.join(ctx.work, name);
  freshOutDir(dir, ctx.snapshotDir);
  const r = await runCli(ctx.work, ["--offline", "--out", dir]);
  ctx.log(`  setup: warm output ${path.relative(ROOT, dir)} in ${fmtMs(r.ms)}`);
  return dir;
}

export async function regeneration(ctx: Context, dir: string): Promise<void> {
  const target = ctx.catalog[Math.floor(ctx.catalog.length / 2)]!;
  const slug = String(target.app.slug);
  const schemaFile = path.join(dir, "schemas", `${slug}.json`);
  const oneApp: Awaited<ReturnType<typeof runCli>>[] = [];
  const none: Awaited<ReturnType<typeof runCli>>[] = [];
  // Node's own start-up, measured between the runs: the share of each wall time no generator can
  // save, and a gauge of how fast the machine is at the moment.
  const nodeOnly: Awaited<ReturnType<typeof measureNode>>[] = [];
  // A run whose counts are off (e.g. the generator's sources, hence its cache fingerprint, changed
  // under a concurrent edit) is not a measurement of this step: it is retried, up to 3 times.
  let field = 0;
  const attempt = async (
    what: string,
    expected: (s: CliSummary) => boolean,
    prepare = () => {},
  ) => {
    for (let tries = 1; ; tries++) {
      prepare();
      const r = await runCli(ctx.work, ["--offline", "--out", dir]);
      if (expected(r.summary)) return r;
      const got = `${r.summary.reemitted} app(s) re-emitted, ${r.summary.written} file(s) written`;
      if (tries >= 3) throw new Error(`${what}: ${got}`);
      ctx.log(`  ${what}: ${got}, not what this step measures; retrying`);
    }
  };
  const addField = () => {
    // One field added to one action of one app, written canonically.
    const snapshot = JSON.parse(readFileSync(schemaFile, "utf8")) as WireAppSnapshot;
    field++;
    (snapshot.actions[0]!.parameters as unknown[]).push({
      name: `bench_added_${field}`,
      label: `Bench Added ${field}`,
      required: false,
      type: "text",
    });
    writeFileSync(schemaFile, serializeAppSnapshot(snapshot));
  };
  for (let i = 0; i < ctx.runs; i++) {
    const changed = await attempt("one-app regeneration", (s) => s.reemitted === 1, addField);
    const unchanged = await attempt(
      "no-change regeneration",
      (s) => s.reemitted === 0 && s.written === 0,
    );
    const bare = check(await measureNode(ctx.work, ["-e", ""]), 'node -e ""');
    ctx.log(
      `  regen run ${i + 1}: one app ${fmtMs(changed.ms)} (pipeline ${fmtMs(changed.summary.pipelineMs)}, ${changed.summary.written} files), ` +
        `no change ${fmtMs(unchanged.ms)} (pipeline ${fmtMs(unchanged.summary.pipelineMs)}); node -e "" ${fmtMs(bare.ms)}`,
    );
    oneApp.push(changed);
    none.push(unchanged);
    nodeOnly.push(bare);
  }
  for (const [step, runs, limitMs] of [
    [`regenerate after one app changed (${slug}: one field added)`, oneApp, 1000],
    ["regenerate after no change", none, 300],
  ] as const) {
    const medianMs = median(runs.map((r) => r.ms));
    const pipelineMs = median(runs.map((r) => r.summary.pipelineMs));
    ctx.rows.push({
      section: "regen",
      step,
      medianMs,
      pipelineMs,
      rssMiB: peak(runs.map((r) => r.rssMiB)),
      note: `< ${fmtMs(limitMs)} (pipeline ${pipelineMs < limitMs ? "meets it" : "misses it"})`,
      pass: medianMs < limitMs,
      runsMs: runs.map((r) => r.ms),
      extra: {
        filesWritten: runs[0]!.summary.written,
        pipelineRunsMs: runs.map((r) => r.summary.pipelineMs),
      },
    });
  }
  ctx.rows.push({
    section: "regen",
    step: 'Node\'s own start-up (node -e ""), for scale',
    medianMs: median(nodeOnly.map((r) => r.ms)),
    rssMiB: peak(nodeOnly.map((r) => r.rssMiB)),
    note: "included in every wall time above",
    runsMs: nodeOnly.map((r) => r.ms),
  });
}
