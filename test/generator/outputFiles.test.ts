// Output files on disk are read only when their text is asked for: a file kept from the previous
// output is unchanged without being read, and a run that keeps most of the output reads little.
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OutputFiles } from "../../generator/output/outputFiles.js";
import { diffFiles, listOutputDir } from "../../generator/output/writeOutput.js";

const dir = path.join(import.meta.dirname, `.tmp-output-files-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string | Buffer>): string {
  const out = path.join(dir, `o${Math.random().toString(36).slice(2)}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    writeFileSync(path.join(out, file), text);
  }
  return out;
}

/** A file on disk that is not there: reading it throws. */
const missing = (name: string) => ({
  path: path.join(dir, "missing", name),
  stats: statSync(import.meta.filename, { bigint: true }),
  verified: true,
});

describe("OutputFiles", () => {
  it("diffs a kept file as unchanged without reading it", () => {
    const previous = new OutputFiles().onDisk("apps/a.ts", missing("a.ts"));
    const next = new OutputFiles().keep("apps/a.ts", { disk: missing("a.ts"), hash: "h" });
    expect(diffFiles(previous, next)).toEqual({ added: [], modified: [], removed: [] });
    // The same file read would throw: nothing read it.
    expect(() => next.get("apps/a.ts")).toThrow(/ENOENT/);
  });

  // given previous files on disk and next texts → want the changes
  const table: [string, Record<string, string>, Record<string, string>, object][] = [
    ["same text", { "a.ts": "x" }, { "a.ts": "x" }, { added: [], modified: [], removed: [] }],
    [
      "other text",
      { "a.ts": "x" },
      { "a.ts": "y" },
      { added: [], modified: ["a.ts"], removed: [] },
    ],
    ["added", {}, { "b.ts": "y" }, { added: ["b.ts"], modified: [], removed: [] }],
    ["removed", { "a.ts": "x" }, {}, { added: [], modified: [], removed: ["a.ts"] }],
  ];
  it.each(table)("diff: %s", async (_, before, after, want) => {
    const previous = await listOutputDir(write(before));
    expect(diffFiles(previous, OutputFiles.of(Object.entries(after)))).toEqual(want);
  });

  it("reads listed files on demand, decoding snapshot files unless verified", async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    const out = write({ "schemas/x.json": bom, "index.ts": "export {};\n" });
    const listed = await listOutputDir(out);
    expect(listed.get("index.ts")).toBe("export {};\n");
    expect(listed.get("schemas/x.json")).toBe('\ufeff{"a":1}');
    expect(listed.disk("schemas/x.json")?.verified).toBe(false);
    const verified = await listOutputDir(out, (file) => file === "index.ts");
    expect(verified.disk("index.ts")?.verified).toBe(true);
    // Invalid UTF-8 in a snapshot file fails naming the file, when it is read.
    const bad = await listOutputDir(write({ "schemas/y.json": Buffer.from([0x7b, 0xff, 0x7d]) }));
    expect(() => bad.get("schemas/y.json")).toThrow(/y\.json/);
  });

  it("keeps kept entries through sorting, and materializes every text on request", () => {
    const files = new OutputFiles()
      .set("b.ts", "b")
      .keep("a.ts", { disk: missing("a.ts"), hash: "h" });
    const sorted = files.sorted((x, y) => (x < y ? -1 : 1));
    expect([...sorted.keys()]).toEqual(["a.ts", "b.ts"]);
    expect(sorted.kept("a.ts")?.hash).toBe("h");
    expect(sorted.kept("b.ts")).toBeUndefined();
    expect(() => sorted.toMap()).toThrow(/ENOENT/);
    expect(OutputFiles.of([["c.ts", "c"]]).toMap()).toEqual(new Map([["c.ts", "c"]]));
  });
});
