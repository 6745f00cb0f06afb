/**
 * Stage: format. Prettier over each emitted module, honouring the user's prettier config for the
 * output directory (resolved once per run).
 */
import * as prettier from "prettier";

export interface Formatter {
  format(code: string, filePath: string): Promise<string>;
  /** Part of every app's cache key: a config change re-formats everything. */
  configKey: string;
}

export async function createFormatter(outDir: string): Promise<Formatter> {
  const config = (await prettier.resolveConfig(`${outDir}/index.ts`)) ?? {};
  const options = { ...config, parser: "typescript" as const };
  return {
    configKey: JSON.stringify([prettier.version, config]),
    format: (code, filePath) => prettier.format(code, { ...options, filepath: filePath }),
  };
}
