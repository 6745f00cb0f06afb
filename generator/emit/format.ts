/**
 * Stage: format. Prettier over each emitted module, honouring the user's prettier config for the
 * output directory (resolved once per run). Under a plain config (`printStyle.ts`) app modules are
 * printed in their final form by `printAppModule.ts`, and prettier only formats the statements
 * the printer leaves to it, and metadata modules by `printMetadata.ts`; any other config gets
 * prettier over the whole module.
 */
import * as prettier from "prettier";
import type { AppModule } from "./emitApp.js";
import { rawMetadata, type MetadataModule } from "./emitMetadata.js";
import { joinStatements, printRaw, printStatements } from "./printAppModule.js";
import { printMetadata } from "./printMetadata.js";
import { plainStyle } from "./printStyle.js";

export interface Formatter {
  /** Prettier over the whole file. */
  format(code: string, filePath: string): Promise<string>;
  /** An app module's final text: printed directly where the config allows, else by prettier. */
  formatModule(module: AppModule, filePath: string): Promise<string>;
  /** A metadata module's final text: printed directly where the config allows, else by prettier. */
  formatMetadata(module: MetadataModule, filePath: string): Promise<string>;
  /** Part of every app's cache key: a config change re-formats everything. */
  configKey: string;
}

export interface FormatterOptions {
  /** Print app modules directly where the config allows. Default true. */
  fast?: boolean;
}

export async function createFormatter(
  outDir: string,
  formatterOptions: FormatterOptions = {},
): Promise<Formatter> {
  const config = (await prettier.resolveConfig(`${outDir}/index.ts`)) ?? {};
  const options = { ...config, parser: "typescript" as const };
  const style =
    formatterOptions.fast === false ? undefined : plainStyle(config as Record<string, unknown>);
  const format = (code: string, filePath: string) =>
    prettier.format(code, { ...options, filepath: filePath });
  return {
    configKey: JSON.stringify([prettier.version, config]),
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
