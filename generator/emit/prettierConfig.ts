/**
 * The prettier config that applies to the output directory, resolved and checked once: a config
 * that cannot be read, or that names a plugin that is not installed, is the user's to fix (exit 2),
 * and is reported before anything runs. `output/formatterConfig.ts` remembers a checked config, so
 * a run whose config files are unchanged does not load prettier at all.
 */
import path from "node:path";
import { UsageError } from "../core/errors.js";

export interface PrettierConfig {
  /** prettier's version (part of the cache key: another version may print differently). */
  version: string;
  /** The resolved options for `<outDir>/index.ts` (empty without a config file). */
  options: Record<string, unknown>;
  /** The config file found, if any. */
  file: string | null;
}

/** Resolves the config for `<outDir>/index.ts` with prettier itself, and formats a probe under it. */
export async function resolvePrettierConfig(outDir: string): Promise<PrettierConfig> {
  const prettier = await import("prettier");
  const probe = path.join(path.resolve(outDir), "index.ts");
  let file: string | null = null;
  let options: Record<string, unknown>;
  try {
    file = await prettier.resolveConfigFile(probe);
    options = ((await prettier.resolveConfig(probe)) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(
      `The prettier config ${file ?? "for " + outDir} cannot be read: ${firstLine(error)}. Fix it (refold-gen formats its output with it); nothing was written.`,
    );
  }
  if (Object.keys(options).length > 0) {
    try {
      await prettier.format("export const a = 1;\n", {
        ...options,
        parser: "typescript",
        filepath: probe,
      });
    } catch (error) {
      throw new UsageError(
        `The prettier config ${file ?? "for " + outDir} does not work: ${firstLine(error)}. Install what it names, or fix it; nothing was written.`,
      );
    }
  }
  return { version: prettier.version, options, file };
}

/** The part of every module's cache key that stands for the formatter config. */
export const configKeyOf = (config: PrettierConfig): string =>
  JSON.stringify([config.version, config.options]);

const firstLine = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split("\n")[0]!
    .trim();
