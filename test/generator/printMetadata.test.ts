// The metadata module printer must print exactly what prettier prints, or leave the module to
// prettier: checked on the committed catalog, a synthetic one and hand-made edge cases (a module
// that fits one line, more `'` than `"`, non-ASCII text), under several prettier configs.
import { describe, expect, it } from "vitest";
import * as prettier from "prettier";
import { makeSyntheticCatalog } from "../fixtures/synthetic.js";
import { classifyCatalog } from "../../generator/model/classify.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import {
  metadataModule,
  rawMetadata,
  type MetadataModule,
} from "../../generator/emit/emitMetadata.js";
import { printMetadata, prettierQuotes } from "../../generator/emit/printMetadata.js";
import { plainStyle } from "../../generator/emit/printStyle.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";
import { readSnapshotDir } from "../../generator/source/readSnapshot.js";
import type { WireAppSnapshot } from "../../generator/core/snapshot.js";

function metadataModules(snapshots: WireAppSnapshot[]): MetadataModule[] {
  const diagnostics = new Diagnostics();
  const catalog = classifyCatalog(
    nameCatalog(snapshots.map((s, i) => normalizeApp(s, `app${i}`, diagnostics))),
  );
  return catalog.apps.map(metadataModule);
}

const field = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: "text",
  ...extra,
});
const edgeCases: WireAppSnapshot[] = [
  { app: { slug: "x", name: "X" }, actions: [] },
  {
    app: { slug: "q", name: "Q" },
    actions: [
      { action_id: "a", name: "it's Bob's 'quoted' 'thing'" + "'".repeat(80), parameters: [] },
    ],
  },
  { app: { slug: "u", name: "Ü" }, actions: [] },
  { app: { slug: "w", name: "宽字符宽字符宽字符" }, actions: [] },
  {
    app: { slug: "e", name: "E" },
    actions: [
      {
        action_id: "a",
        name: 'say "hi" \\ back\nslash',
        parameters: [field("f", { help_text: "tab\there" })],
      },
    ],
  },
];

const committed = (
  await readSnapshotDir(new URL("../../generated/schemas/", import.meta.url).pathname)
).map((f) => f.snapshot);
const modules = [
  ...metadataModules(committed),
  ...metadataModules(makeSyntheticCatalog({ apps: 4, actionsPerApp: 15, seed: 7 })),
  ...metadataModules(edgeCases),
];

const configs: Record<string, unknown>[] = [
  {},
  { printWidth: 100 },
  { printWidth: 60, tabWidth: 4 },
  { printWidth: 120, trailingComma: "none" },
  { printWidth: 40 },
  { printWidth: 300 },
];

describe("metadata module printer", () => {
  it.each(configs.map((c) => [JSON.stringify(c), c] as const))(
    "prints what prettier prints, or leaves the module to prettier; config %s",
    async (_, config) => {
      const style = plainStyle(config)!;
      expect(style).toBeDefined();
      let direct = 0;
      for (const module of modules) {
        const printed = printMetadata(module, style);
        if (printed === undefined) continue;
        direct++;
        expect(printed).toBe(
          await prettier.format(rawMetadata(module), { ...config, parser: "typescript" }),
        );
      }
      // The direct path is the rule, not the exception, wherever the fixed lines fit the width.
      if (style.printWidth >= 60) expect(direct).toBeGreaterThanOrEqual(modules.length - 2);
      else expect(direct).toBe(0);
    },
  );

  it.each([
    { given: '"{\\"a\\":1}"', want: "'{\"a\":1}'" },
    { given: '"it\'s"', want: '"it\'s"' },
    { given: '"\\"it\'s\\""', want: "'\"it\\'s\"'" },
    { given: '"\\"a\\" \'b\'"', want: '"\\"a\\" \'b\'"' },
    { given: '"\\u005c\\n"', want: '"\\u005c\\n"' },
    { given: '"a\\\\b"', want: undefined },
  ])("prettierQuotes($given) → $want", ({ given, want }) => {
    expect(prettierQuotes(given)).toBe(want);
  });
});
