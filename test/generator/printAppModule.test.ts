// The app module printer must print exactly what prettier prints: checked on the committed catalog
// and a synthetic one, under several prettier configs, and the direct path must actually be taken.
import { describe, expect, it } from "vitest";
import * as prettier from "prettier";
import { makeSyntheticCatalog } from "../fixtures/synthetic.js";
import { classifyCatalog } from "../../generator/model/classify.js";
import { compileParams } from "../../generator/emit/compileParams.js";
import { Diagnostics } from "../../generator/core/diagnostics.js";
import { emitApp, type AppModule } from "../../generator/emit/emitApp.js";
import { createFormatter } from "../../generator/emit/format.js";
import { gateAppModule } from "../../generator/emit/gate.js";
import { joinStatements, printRaw, printStatements } from "../../generator/emit/printAppModule.js";
import { plainStyle } from "../../generator/emit/printStyle.js";
import { nameCatalog } from "../../generator/model/names.js";
import { normalizeApp } from "../../generator/model/normalize.js";
import { readSnapshotDir } from "../../generator/source/readSnapshot.js";
import type { WireAppSnapshot } from "../../generator/core/snapshot.js";

async function appModules(snapshots: WireAppSnapshot[]): Promise<AppModule[]> {
  const diagnostics = new Diagnostics();
  const catalog = classifyCatalog(
    nameCatalog(snapshots.map((s, i) => normalizeApp(s, `app${i}`, diagnostics))),
  );
  return Promise.all(catalog.apps.map(async (app) => emitApp(app, await compileParams(app))));
}

const committed = (
  await readSnapshotDir(new URL("../../generated/schemas/", import.meta.url).pathname)
).map((f) => f.snapshot);
const synthetic = makeSyntheticCatalog({ apps: 4, actionsPerApp: 15, seed: 7 });
const modules = [...(await appModules(committed)), ...(await appModules(synthetic))];

const configs: Record<string, unknown>[] = [
  {},
  { printWidth: 100 },
  { printWidth: 60, tabWidth: 4 },
  { printWidth: 120, trailingComma: "none" },
  { printWidth: 40 },
];

describe("app module printer", () => {
  it.each(configs.map((c) => [JSON.stringify(c), c] as const))(
    "prints what prettier prints, config %s",
    async (_, config) => {
      const style = plainStyle(config)!;
      expect(style).toBeDefined();
      const options = { ...config, parser: "typescript" as const };
      let direct = 0;
      let total = 0;
      for (const module of modules) {
        const texts = [];
        for (const statement of printStatements(module, style)) {
          total++;
          if (statement.text !== undefined) direct++;
          texts.push(
            statement.text !== undefined
              ? statement.text
              : await prettier.format(statement.raw, options),
          );
        }
        const printed = joinStatements(texts);
        // The same as prettier over the whole unformatted module, and prettier leaves it unchanged.
        expect(printed).toBe(await prettier.format(printRaw(module), options));
        expect(await prettier.format(printed, options)).toBe(printed);
      }
      // At the default widths nearly every statement is printed directly.
      if (!config.printWidth || (config.printWidth as number) >= 80)
        expect(direct / total).toBeGreaterThan(0.9);
    },
  );

  it("the formatter gives the same text with and without the direct path", async () => {
    const dir = new URL("../../generated/", import.meta.url).pathname;
    const [direct, whole] = await Promise.all([
      createFormatter(dir),
      createFormatter(dir, { fast: false }),
    ]);
    for (const module of modules.slice(0, 4)) {
      const file = `apps/${module.factory.slug}.ts`;
      expect(await direct.formatModule(module, file)).toBe(await whole.formatModule(module, file));
    }
  });

  it("other configs are left to prettier", () => {
    expect(plainStyle({ singleQuote: true })).toBeUndefined();
    expect(plainStyle({ semi: false })).toBeUndefined();
    expect(plainStyle({ useTabs: true })).toBeUndefined();
    expect(plainStyle({ plugins: ["x"] })).toBeUndefined();
    expect(plainStyle({ trailingComma: "es5" })).toBeUndefined();
    expect(plainStyle({ endOfLine: "crlf" })).toBeUndefined();
    expect(plainStyle({ printWidth: 90, tabWidth: 4, trailingComma: "all", semi: true })).toEqual({
      printWidth: 90,
      indent: "    ",
      trailingComma: true,
    });
  });
});

describe("the gate checks an app module against its model", () => {
  const module = modules.find((m) => m.specs.entries.length >= 2)!;
  const code = printRaw(module);
  const [first, second] = module.specs.entries;
  const spec = (e: typeof first) => `${e!.method}: ["${e!.actionId}", "${e!.kind}"]`;
  const factoryCall = `appFactory("${module.factory.slug}", ${module.specs.name})`;
  // given: a change to the printed text → want: the gate's complaint
  const table: [string, string, RegExp][] = [
    ["unchanged", code, /^$/],
    [
      "another action id",
      code.replace(spec(first), spec({ ...first!, actionId: `${first!.actionId}_x` })),
      /methods are not the app's actions/,
    ],
    [
      "a kind swapped",
      code.replace(
        spec(first),
        spec({ ...first!, kind: first!.kind === "read" ? "write" : "read" }),
      ),
      /methods are not the app's actions/,
    ],
    [
      "a method dropped",
      code.replace(`\n  ${spec(second)},`, ""),
      /methods are not the app's actions/,
    ],
    [
      "a spec that is code",
      code.replace(spec(first), `${first!.method}: [process.exit(1), "read"]`),
      /not a table of/,
    ],
    [
      "another slug",
      code.replace(factoryCall, `appFactory("other", ${module.specs.name})`),
      /the slug is not the app's/,
    ],
    [
      "a factory that is not built from the table",
      code.replace(factoryCall, `appFactory("${module.factory.slug}", {})`),
      /not the imported builder/,
    ],
    ["an extra interface", code + "\nexport interface Extra {}\n", /unexpected interface Extra/],
  ];
  it.each(table)("%s", (_, given, want) => {
    expect(given === code).toBe(want.source === "^$");
    let problem = "";
    try {
      gateAppModule("apps/x.ts", given, module);
    } catch (error) {
      problem = (error as Error).message;
    }
    expect(problem).toMatch(want);
  });
});
