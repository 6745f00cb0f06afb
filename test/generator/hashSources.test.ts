// The hash of the generator's and the runtime's sources (part of every cache key) is remembered
// with the files' stamps: while none changes it is not recomputed, and any change recomputes it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256 } from "../../generator/core/hash.js";
import { hashSources, statCacheFile } from "../../generator/output/statCache.js";

const root = path.join(import.meta.dirname, `.tmp-hash-sources-${process.pid}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function sources(files: Record<string, string>): string {
  const dir = path.join(root, `s${n++}`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The hash as defined: every `.ts` file's relative path and text, sorted, NUL-separated. */
const fresh = (files: Record<string, string>) =>
  sha256(
    Object.keys(files)
      .filter((f) => f.endsWith(".ts"))
      .sort()
      .map((f) => f + "\0" + files[f])
      .join("\0"),
  );

describe("hashSources", () => {
  it("hashes every .ts file's path and text, and answers from the record while none changed", () => {
    const files = { "a.ts": "a", "sub/b.ts": "b", "c.md": "ignored" };
    const dir = sources(files);
    expect(hashSources(dir)).toBe(fresh(files));
    const record = statCacheFile(dir, "sources");
    writeFileSync(
      record,
      JSON.stringify({ ...JSON.parse(readFileSync(record, "utf8")), hash: "x" }),
    );
    expect(hashSources(dir)).toBe("x");
  });

  // given a change to the sources → want the hash of what is there now
  const changes: [string, (dir: string) => Record<string, string>][] = [
    ["a file edited", (dir) => (writeFileSync(path.join(dir, "a.ts"), "A!"), { "a.ts": "A!" })],
    [
      "a file added",
      (dir) => (writeFileSync(path.join(dir, "d.ts"), "d"), { "a.ts": "a", "d.ts": "d" }),
    ],
    [
      "a file removed",
      (dir) => (writeFileSync(path.join(dir, "a.ts"), "a"), rmSync(path.join(dir, "a.ts")), {}),
    ],
  ];
  it.each(changes)("%s: recomputed", (_, change) => {
    const dir = sources({ "a.ts": "a" });
    hashSources(dir);
    const record = statCacheFile(dir, "sources");
    writeFileSync(
      record,
      JSON.stringify({ ...JSON.parse(readFileSync(record, "utf8")), hash: "x" }),
    );
    const now = change(dir);
    expect(hashSources(dir)).toBe(fresh(now));
  });
});
