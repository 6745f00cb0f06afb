/** Section "openapi": openapi-typescript on the same catalog as one OpenAPI 3.1 document (the baseline). */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { toOpenApi } from "../../test/fixtures/synthetic.js";
import { ROOT, check, measureNode, median, peak, type Measured } from "../measure.js";
import { fmtMiB, fmtMs, type Context } from "../results.js";

const OPENAPI_TS = path.join(ROOT, "node_modules/openapi-typescript/bin/cli.js");

export async function openapiTypescript(ctx: Context): Promise<void> {
  const doc = path.join(ctx.work, "openapi.json");
  writeFileSync(doc, JSON.stringify(toOpenApi(ctx.catalog)) + "\n");
  const out = path.join(ctx.work, "openapi-ts", "schema.d.ts");
  const runs: Measured[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    rmSync(path.dirname(out), { recursive: true, force: true });
    mkdirSync(path.dirname(out), { recursive: true });
    const r = check(
      await measureNode(ctx.work, [OPENAPI_TS, doc, "-o", out]),
      "openapi-typescript",
    );
    ctx.log(`  openapi-typescript run ${i + 1}: ${fmtMs(r.ms)}, ${fmtMiB(r.rssMiB)}`);
    runs.push(r);
  }
  ctx.rows.push({
    section: "openapi",
    step: "openapi-typescript on the equivalent OpenAPI 3.1 doc",
    medianMs: median(runs.map((r) => r.ms)),
    rssMiB: peak(runs.map((r) => r.rssMiB)),
    runsMs: runs.map((r) => r.ms),
    extra: { docBytes: readFileSync(doc).length, outputBytes: readFileSync(out).length },
  });
}
