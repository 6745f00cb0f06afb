// Issue 6: the seeded synthetic SMALL catalog (10 apps × 20 actions) through the whole pipeline:
// generation, a strict NodeNext type-check of the output with a consumer (one compile, TS 5.9
// compiler API), determinism, and a one-app change that touches only that app's files.
// The large catalog is for `npm run bench` only.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIZES, makeSyntheticCatalog, writeSyntheticSnapshot } from "./fixtures/synthetic.js";
import { consumerProgram } from "./helpers/consumerProgram.js";
import { generate, type GenerateResult } from "../generator/generate.js";
import { defaultOptions, type GenerateOptions } from "../generator/core/options.js";
import { serializeAppSnapshot, type WireAppSnapshot } from "../generator/core/snapshot.js";

const root = fileURLToPath(new URL("..", import.meta.url));
// Under the repo (not os.tmpdir()) so the generated code's `undici` import resolves from node_modules;
// `.tmp-*` keeps it out of the project's own type-check and out of git.
const tmp = path.join(root, "test", `.tmp-scale-${process.pid}`);
const out = path.join(tmp, "out");
// The source snapshot lives outside the output (as an upstream change would arrive), so a change
// to it shows up in the output's schemas/ too.
const snapshotDir = path.join(tmp, "snapshot");
const catalog = makeSyntheticCatalog({ ...SIZES.small, seed: 1 });
const slugs = catalog.map((s) => String(s.app.slug));

const options = (over: Partial<GenerateOptions> = {}): GenerateOptions => ({
  ...defaultOptions({}),
  out,
  offline: true,
  snapshotDir,
  ...over,
});

let first: GenerateResult;
beforeAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  writeSyntheticSnapshot(snapshotDir, catalog);
  first = await generate(options({ cache: false }));
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir`, relative, `/`-separated, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

describe("the synthetic small catalog through the whole pipeline", () => {
  it("generates every app and action with no warnings", () => {
    expect(first.apps).toBe(SIZES.small.apps);
    expect(first.actions).toBe(SIZES.small.apps * SIZES.small.actionsPerApp);
    expect(first.emitted).toEqual(slugs);
    expect(first.diagnostics.items).toEqual([]);
    const files = listFiles(out);
    for (const slug of slugs) {
      expect(files).toContain(`apps/${slug}.ts`);
      expect(files).toContain(`schemas/${slug}.json`);
    }
    expect(files).toContain("index.ts");
    expect(files).toContain("manifest.json");
  });

  it("the output and a consumer of every app type-check under strict + NodeNext (TS 5.9)", () => {
    const calls = slugs.map((slug) => {
      const text = readFileSync(path.join(out, "apps", `${slug}.ts`), "utf8");
      const name = /^export const (\w+): \w+Actions = /m.exec(text)![1]!;
      return { slug, name };
    });
    const consumer = path.join(tmp, "consumer.ts");
    writeFileSync(
      consumer,
      [
        `import { createRefoldClient, createMockRefold } from "./out/index.js";`,
        `import { ${calls[0]!.name} } from "./out/apps/${calls[0]!.slug}.js";`,
        `const acme = createRefoldClient({ apiKey: "k" }).forAccount("acme");`,
        `export const viaClient: Promise<unknown>[] = [`,
        ...calls.map(({ name }) => `  acme.${name}.httprequest({ url_path: "/v1/items" }),`),
        `];`,
        `export const viaModule = ${calls[0]!.name}.httprequest({ url_path: "/v1" });`,
        `export const mock = createMockRefold();`,
        `// @ts-expect-error a required field (url_path) is missing`,
        `export const wrong = ${calls[0]!.name}.httprequest({ base_url: "https://x.example" });`,
        `// @ts-expect-error a field the action does not have`,
        `export const wrongField = ${calls[0]!.name}.httprequest({ url_path: "/", method: "GET" });`,
        ``,
      ].join("\n"),
    );
    const rootNames = [consumer, ...listFiles(out).filter((f) => f.endsWith(".ts"))].map((f) =>
      path.resolve(out, f),
    );
    const program = consumerProgram(rootNames);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${path.relative(tmp, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : "";
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(errors).toEqual([]);
    // The program really covered the output: every app module was part of it.
    const checked = new Set(program.getSourceFiles().map((f) => path.resolve(f.fileName)));
    for (const slug of slugs) expect(checked).toContain(path.join(out, "apps", `${slug}.ts`));
  }, 120_000);

  it("is deterministic: a second uncached generation re-emits every app and changes no byte", async () => {
    const second = await generate(options({ cache: false }));
    expect(second.emitted).toEqual(slugs);
    expect(second.changes).toEqual({ added: [], modified: [], removed: [] });
    expect(second.wrote).toBe(false);
    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [file, text] of first.files) expect(second.files.get(file), file).toBe(text);
    expect(first.files.get("manifest.json")).not.toMatch(/\d{4}-\d{2}-\d{2}T/); // no timestamps
  }, 120_000);

  it("regenerating after a one-app change touches only that app's files", async () => {
    const slug = slugs[3]!;
    const before = new Map(
      listFiles(out).map((f) => {
        const s = statSync(path.join(out, f));
        return [f, { ino: s.ino, mtimeMs: s.mtimeMs, text: readFileSync(path.join(out, f)) }];
      }),
    );
    // One field added to one action of one app, written canonically.
    const schemaFile = path.join(snapshotDir, `${slug}.json`);
    const snapshot = JSON.parse(readFileSync(schemaFile, "utf8")) as WireAppSnapshot;
    (snapshot.actions[1]!.parameters as unknown[]).push({
      name: "scale_test_added",
      label: "Scale Test Added",
      required: false,
      type: "text",
    });
    writeFileSync(schemaFile, serializeAppSnapshot(snapshot));

    const result = await generate(options());
    const touched = [
      `apps/${slug}.meta.ts`,
      `apps/${slug}.ts`,
      "manifest.json",
      `schemas/${slug}.json`,
    ];
    expect(result.emitted).toEqual([slug]);
    expect(result.changes).toEqual({ added: [], modified: touched, removed: [] });
    expect(result.wrote).toBe(true);

    const after = listFiles(out);
    expect(after).toEqual([...before.keys()]);
    for (const file of touched) {
      expect(readFileSync(path.join(out, file), "utf8"), file).not.toBe(
        before.get(file)!.text.toString("utf8"),
      );
    }
    expect(readFileSync(path.join(out, "apps", `${slug}.ts`), "utf8")).toContain(
      "scale_test_added",
    );
    expect(readFileSync(path.join(out, "schemas", `${slug}.json`), "utf8")).toBe(
      serializeAppSnapshot(snapshot),
    );
    for (const file of after) {
      if (touched.includes(file)) continue;
      const was = before.get(file)!;
      const s = statSync(path.join(out, file));
      // Untouched: same bytes, and the very same file (hard-linked into the new output).
      expect(readFileSync(path.join(out, file)).equals(was.text), file).toBe(true);
      expect({ file, ino: s.ino, mtimeMs: s.mtimeMs }).toEqual({
        file,
        ino: was.ino,
        mtimeMs: was.mtimeMs,
      });
    }
  }, 120_000);
});
