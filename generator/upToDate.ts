/**
 * The fast path of an unchanged regeneration. When the output directory holds exactly the files
 * the last run wrote (every file's bytes hash as recorded in the manifest) and nothing that shapes
 * the output changed (the run key: generator, runtime, formatter config, options), a fresh run
 * would write the same bytes, so the pipeline is skipped. Only offline runs from `<out>/schemas`
 * qualify: anything else (a live fetch, another snapshot directory) takes the full path.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "./canonicalJson.js";
import { TEMPLATES_DIR } from "./paths.js";
import { GENERATOR_FINGERPRINT, parseManifest, sha256, type Manifest } from "./manifest.js";
import type { GenerateOptions } from "./options.js";

/** Hash of everything besides the snapshot that shapes the output. */
export async function runKey(options: GenerateOptions, configKey: string): Promise<string> {
  const templates = (await readdir(TEMPLATES_DIR, { recursive: true }))
    .map(String)
    .filter((f) => f.endsWith(".ts"))
    .sort();
  const runtime = await Promise.all(
    templates.map(async (f) => f + "\0" + (await readFile(path.join(TEMPLATES_DIR, f), "utf8"))),
  );
  return sha256(
    JSON.stringify([
      GENERATOR_FINGERPRINT,
      configKey,
      options.apps ?? null,
      options.kinds,
      sha256(runtime.join("\0")),
    ]),
  );
}

/** Hash of a file's bytes (as recorded in the manifest's `files`). */
export const fileHash = (bytes: Buffer | string) =>
  createHash("sha256").update(bytes).digest("hex");

export interface CurrentOutput {
  manifest: Manifest;
  /** Every output file, manifest included, as read (decoded on first use: most callers never look). */
  readonly files: Map<string, string>;
}

/** The output as it is when it is provably current; undefined when the full pipeline must run. */
export async function currentOutput(
  outDir: string,
  key: string,
): Promise<CurrentOutput | undefined> {
  const manifestFile = path.join(outDir, "manifest.json");
  if (!existsSync(manifestFile)) return undefined;
  const manifestText = await readFile(manifestFile, "utf8");
  const manifest = parseManifest(manifestText);
  if (!manifest?.files || manifest.run?.key !== key) return undefined;
  const onDisk = (await readdir(outDir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(outDir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => f !== "manifest.json");
  const recorded = Object.keys(manifest.files);
  if (onDisk.length !== recorded.length) return undefined;
  const contents = new Map<string, Buffer>();
  for (const file of onDisk.sort(compareCodeUnits)) {
    const want = manifest.files[file];
    const bytes = readFileSync(path.join(outDir, file));
    if (want === undefined || fileHash(bytes) !== want) return undefined;
    contents.set(file, bytes);
  }
  let files: Map<string, string> | undefined;
  return {
    manifest,
    get files() {
      files ??= new Map(
        [...contents, ["manifest.json", Buffer.from(manifestText)] as const]
          .sort(([a], [b]) => compareCodeUnits(a, b))
          .map(([file, bytes]) => [file, bytes.toString("utf8")]),
      );
      return files;
    },
  };
}
