/**
 * Stage: format. Prettier over each emitted module, honouring the user's prettier config for the
 * output directory (resolved once per run). Under a plain config (`printStyle.ts`) app modules are
 * printed in their final form by `printAppModule.ts`, and prettier only formats the statements
 * the printer leaves to it, and metadata modules by `printMetadata.ts`; any other config gets
 * prettier over the whole module.
 */
import type { AppModule } from "./emitApp.js";
import { rawMetadata, type MetadataModule } from "./emitMetadata.js";
import { joinStatements, printRaw, printStatements } from "./printAppModule.js";
import { printMetadata } from "./printMetadata.js";
import { plainStyle } from "./printStyle.js";
import { configKeyOf, resolvePrettierConfig, type PrettierConfig } from "./prettierConfig.js";

export interface Formatter {
  /** Prettier over the whole file. */
  format(code: string, filePath: string): Promise<string>;
  /** An app module's final text: printed directly where the config allows, else by prettier. */
  formatModule(module: AppModule, filePath: string): Promise<string>;
  /** A metadata module's final text: printed directly where the config allows, else by prettier. */
  formatMetadata(module: MetadataModule, filePath: string): Promise<string>;
  /** Part of every app's cache key: a config change re-formats everything. */
  configKey: string;
  /** The prettier config it formats with (handed to emit workers). */
  config: PrettierConfig;
}

export interface FormatterOptions {
  /** Print app modules directly where the config allows. Default true. */
  fast?: boolean;
  /** The config, already resolved and checked (default: prettier resolves it for `outDir`). */
  config?: PrettierConfig;
}

export async function createFormatter(
  outDir: string,
  formatterOptions: FormatterOptions = {},
): Promise<Formatter> {
  const config = formatterOptions.config ?? (await resolvePrettierConfig(outDir));
  const options = { ...config.options, parser: "typescript" as const };
  const style = formatterOptions.fast === false ? undefined : plainStyle(config.options);
  // Loaded on first use: under a plain config most runs print everything themselves.
  let prettier: Promise<typeof import("prettier")> | undefined;
  const format = async (code: string, filePath: string) =>
    (await (prettier ??= import("prettier"))).format(code, { ...options, filepath: filePath });
  return {
    configKey: configKeyOf(config),
    config,
    format,
    async formatMetadata(module, filePath) {
      return (style && printMetadata(module, style)) ?? format(rawMetadata(module), filePath);
    },
    async formatModule(module, filePath) {
      if (!style) return format(printRaw(module), filePath);
      const statements = printStatements(module, style);
      try {
        const texts = [];
        for (const s of statements)
          texts.push(s.text !== undefined ? s.text : await format(s.raw, filePath));
        return joinStatements(texts);
      } catch {
        // A statement prettier cannot format on its own: format the module as a whole.
        return format(printRaw(module), filePath);
      }
    },
  };
}
