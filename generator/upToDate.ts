/**
 * The fast path of an unchanged regeneration. When the output directory holds exactly the files
 * the last run wrote (every file's bytes hash as recorded in the manifest) and nothing that shapes
 * the output changed (the run key: generator, runtime, formatter config, options), a fresh run
 * would write the same bytes, so the pipeline is skipped. Only offline runs from `<out>/schemas`
 * qualify: anything else (a live fetch, another snapshot directory) takes the full path.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "./canonicalJson.js";
import { TEMPLATES_DIR } from "./copyRuntime.js";
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
  /** Every output file, manifest included, as read. */
  files: Map<string, string>;
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
  const files = new Map<string, string>();
  for (const file of onDisk.sort()) {
    const want = manifest.files[file];
    const bytes = await readFile(path.join(outDir, file));
    if (want === undefined || fileHash(bytes) !== want) return undefined;
    files.set(file, bytes.toString("utf8"));
  }
  files.set("manifest.json", manifestText);
  return { manifest, files: new Map([...files].sort(([a], [b]) => compareCodeUnits(a, b))) };
}
