/**
 * Stage: copy runtime. The executor is real, tested TypeScript in `templates/runtime/`; the output
 * gets a byte copy of each file under the banner line, nothing else changed.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { BANNER } from "../core/banner.js";
import { TEMPLATES_DIR } from "../core/paths.js";

/** `runtime/<relative path>` → file text, in sorted order. */
export async function runtimeFiles(templatesDir = TEMPLATES_DIR): Promise<Map<string, string>> {
  const entries = await readdir(templatesDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) =>
      path.relative(templatesDir, path.join(e.parentPath, e.name)).split(path.sep).join("/"),
    )
    .sort();
  const out = new Map<string, string>();
  for (const rel of files)
    out.set(`runtime/${rel}`, `${BANNER}\n${await readFile(path.join(templatesDir, rel), "utf8")}`);
  return out;
}
