// The fast format path must print exactly what prettier prints: checked on the committed catalog
// and a synthetic one, under several prettier configs, and it must actually be taken.
import { describe, expect, it } from "vitest";
import * as prettier from "prettier";
import { Project } from "ts-morph";
import { makeSyntheticCatalog } from "../fixtures/synthetic.js";
import { classifyCatalog } from "../../generator/classify.js";
import { compileParams } from "../../generator/compileParams.js";
import { Diagnostics } from "../../generator/diagnostics.js";
import { emitApp } from "../../generator/emitApp.js";
import { fastChunks, fastStyle, joinChunks } from "../../generator/fastFormat.js";
import { nameCatalog } from "../../generator/names.js";
import { normalizeApp } from "../../generator/normalize.js";
import { readSnapshotDir } from "../../generator/readSnapshot.js";
import type { WireAppSnapshot } from "../../generator/snapshot.js";

async function rawModules(snapshots: WireAppSnapshot[]): Promise<string[]> {
  const diagnostics = new Diagnostics();
  const catalog = classifyCatalog(
    nameCatalog(snapshots.map((s, i) => normalizeApp(s, `app${i}`, diagnostics))),
  );
  const project = new Project({ useInMemoryFileSystem: true });
  return Promise.all(
    catalog.apps.map(async (app) => emitApp(project, app, await compileParams(app))),
  );
}

const committed = (
  await readSnapshotDir(new URL("../../generated/schemas/", import.meta.url).pathname)
).map((f) => f.snapshot);
const synthetic = makeSyntheticCatalog({ apps: 4, actionsPerApp: 15, seed: 7 });
const modules = [...(await rawModules(committed)), ...(await rawModules(synthetic))];

const configs: Record<string, unknown>[] = [
  {},
  { printWidth: 100 },
  { printWidth: 60, tabWidth: 4 },
  { printWidth: 120, trailingComma: "none" },
  { printWidth: 40 },
];

describe("fast format path", () => {
  it.each(configs.map((c) => [JSON.stringify(c), c] as const))(
    "prints what prettier prints, config %s",
    async (_, config) => {
      const style = fastStyle(config)!;
      expect(style).toBeDefined();
      let fast = 0;
      let total = 0;
      for (const raw of modules) {
        const chunks = fastChunks(raw, style)!;
        expect(chunks).toBeDefined();
        const texts = [];
        for (const chunk of chunks) {
          total++;
          if (chunk.fast !== undefined) fast++;
          texts.push({
            text:
              chunk.fast ?? (await prettier.format(chunk.raw, { ...config, parser: "typescript" })),
            blankBefore: chunk.blankBefore,
          });
        }
        const want = await prettier.format(raw, { ...config, parser: "typescript" });
        expect(joinChunks(texts)).toBe(want);
      }
      // At the default widths nearly every statement takes the fast path.
      if (!config.printWidth || (config.printWidth as number) >= 80)
        expect(fast / total).toBeGreaterThan(0.9);
    },
  );

  it("other configs are left to prettier", () => {
    expect(fastStyle({ singleQuote: true })).toBeUndefined();
    expect(fastStyle({ semi: false })).toBeUndefined();
    expect(fastStyle({ useTabs: true })).toBeUndefined();
    expect(fastStyle({ plugins: ["x"] })).toBeUndefined();
    expect(fastStyle({ trailingComma: "es5" })).toBeUndefined();
    expect(fastStyle({ endOfLine: "crlf" })).toBeUndefined();
    expect(fastStyle({ printWidth: 90, tabWidth: 4, trailingComma: "all", semi: true })).toEqual({
      printWidth: 90,
      indent: "    ",
      trailingComma: true,
    });
  });
});
