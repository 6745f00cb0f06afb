// A few apps to emit with an early "gate" worker (a regeneration after a small change): this thread
// prints the app modules while the worker emits the metadata modules, then the worker gates the
// printed modules while the caller goes on. The texts are those of an emit in one thread, and
// `gated` settles only once the worker has gated them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { classifyCatalog } from "../../generator/model/classify.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import { createFormatter } from "../../generator/emit/format.js";
import { emitModules, startWorkers, type EmitJob } from "../../generator/emit/workerPool.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";
import { readSnapshotDir } from "../../generator/source/readSnapshot.js";

const outDir = mkdtempSync(path.join(tmpdir(), "refold-worker-pool-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const snapshots = (
  await readSnapshotDir(new URL("../../generated/schemas/", import.meta.url).pathname)
).map((f) => f.snapshot);
const diagnostics = new Diagnostics();
const apps = classifyCatalog(
  nameCatalog(snapshots.map((s, i) => normalizeApp(s, `app${i}`, diagnostics))),
).apps.slice(0, 3);
const jobs: EmitJob[] = [
  ...apps.map((app) => ({ app })),
  ...apps.map((app) => ({ app, metaFile: `apps/${app.fileName}.meta.ts` })),
];

describe("emitModules with a gate worker", () => {
  it("gives the texts of an emit in this thread, gated by the worker", async () => {
    const formatter = await createFormatter(outDir);
    const here = await emitModules(jobs, formatter, outDir);
    await expect(here.gated).resolves.toBeUndefined();
    const workers = startWorkers(outDir, formatter.config, 1, "gate")!;
    try {
      let gatedModules = 0;
      const split = await emitModules(jobs, formatter, outDir, {
        workers,
        onModule: () => gatedModules++,
      });
      expect(split.texts).toEqual(here.texts);
      await expect(split.gated).resolves.toBeUndefined();
      expect(gatedModules).toBe(apps.length);
    } finally {
      await workers.close();
    }
  }, 120_000);
});
