/**
 * Checks made before a run starts, so that what the user must fix is reported as theirs (exit 2)
 * and nothing is half done: the output directory and that there is a catalog to generate from (the
 * prettier config is checked by `output/formatterConfig.ts`); and, after a run, that the app can
 * resolve what the generated code imports.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import type { GenerateOptions } from "../core/options.js";
import { INSTALLED } from "../core/paths.js";

/**
 * The output must be a directory (or not exist yet), and a run that writes must be able to
 * create directories beside it (the stage is a sibling). Probing with one plain mkdir also
 * keeps recursive mkdir away from file systems such as /proc, where it never returns.
 */
export function checkOutDir(out: string, mode: GenerateOptions["mode"]): void {
  const target = path.resolve(out);
  const kind = statKind(target);
  if (kind === "other")
    throw new UsageError(
      `The output directory ${out} is a file, not a directory. Choose a directory that refold-gen can own (--out DIR); nothing was written.`,
    );
  if (mode !== "write") return;
  let dir = path.dirname(target);
  while (statKind(dir) === "missing" && path.dirname(dir) !== dir) dir = path.dirname(dir);
  if (statKind(dir) === "other")
    throw new UsageError(
      `Cannot write ${out}: ${dir} is a file, not a directory. Nothing was written.`,
    );
  const probe = path.join(dir, `.refold-gen-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    throw new UsageError(
      `Cannot write ${out}: directories cannot be created in ${dir} (${code}). Choose another --out; nothing was written.`,
    );
  }
}

function statKind(file: string): "dir" | "other" | "missing" {
  try {
    return statSync(file).isDirectory() ? "dir" : "other";
  } catch {
    return "missing";
  }
}

/**
 * No silent demo: in someone's app, a run with no credentials and no snapshot under `<out>` would
 * otherwise emit the sample catalog into their tree. In refold-gen's own checkout the sample
 * catalog is the project's committed snapshot, so it stays the fallback there.
 */
export function requireCatalog(options: GenerateOptions, demo: boolean): void {
  if (!INSTALLED || demo || !options.offline || options.snapshotDir) return;
  const dir = path.resolve(options.out, "schemas");
  const hasSnapshot = existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".json"));
  if (hasSnapshot) return;
  throw new UsageError(
    [
      `No catalog to generate from: no credentials are set and ${path.join(options.out, "schemas")} holds no snapshot.`,
      "Either:",
      "  - fetch your catalog: set REFOLD_API_KEY and REFOLD_LINKED_ACCOUNT_ID (or REFOLD_SESSION_TOKEN), then run `npx refold-gen generate`;",
      "  - or try the sample catalog (8 fictional apps): `npx refold-gen generate --demo`.",
      "Nothing was written.",
    ].join("\n"),
  );
}

/** A message when the app cannot resolve `undici`, which the generated code imports. */
export function undiciWarning(out: string): string | undefined {
  if (!INSTALLED) return undefined;
  try {
    createRequire(path.join(path.resolve(out), "index.ts")).resolve("undici");
    return undefined;
  } catch {
    return `warning: the generated code imports "undici", which ${out} cannot resolve. Add it to your app's dependencies: npm install undici`;
  }
}
