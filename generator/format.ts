/**
 * Stage: format. Prettier over each emitted module, honouring the user's prettier config for the
 * output directory (resolved once per run). App modules take the fast path of `fastFormat.ts` for
 * the statements it can print exactly as prettier would; prettier formats the rest.
 */
import * as prettier from "prettier";
import { fastChunks, fastStyle, joinChunks } from "./fastFormat.js";

export interface Formatter {
  /** Prettier over the whole file. */
  format(code: string, filePath: string): Promise<string>;
  /** An app module: the fast path where it applies, prettier for everything else. Same result as `format`. */
  formatModule(code: string, filePath: string): Promise<string>;
  /** Part of every app's cache key: a config change re-formats everything. */
  configKey: string;
}

export interface FormatterOptions {
  /** Use the fast path for app modules where the config allows it. Default true. */
  fast?: boolean;
}

export async function createFormatter(
  outDir: string,
  formatterOptions: FormatterOptions = {},
): Promise<Formatter> {
  const config = (await prettier.resolveConfig(`${outDir}/index.ts`)) ?? {};
  const options = { ...config, parser: "typescript" as const };
  const style =
    formatterOptions.fast === false ? undefined : fastStyle(config as Record<string, unknown>);
  const format = (code: string, filePath: string) =>
    prettier.format(code, { ...options, filepath: filePath });
  return {
    configKey: JSON.stringify([prettier.version, config]),
    format,
    async formatModule(code, filePath) {
      const chunks = style && fastChunks(code, style);
      if (!chunks) return format(code, filePath);
      try {
        const texts = [];
        for (const chunk of chunks) {
          texts.push({
            text: chunk.fast ?? (await format(chunk.raw, filePath)),
            blankBefore: chunk.blankBefore,
          });
        }
        return joinChunks(texts);
      } catch {
        // A statement prettier cannot format on its own: format the file as a whole.
        return format(code, filePath);
      }
    },
  };
}
