/**
 * Stage: emit (metadata), one app: `apps/<file>.meta.ts` formatted and gated. Runs in the emit
 * workers beside the app modules on large jobs (`workerPool.ts`), else in the main thread.
 */
import { metadataModule } from "./emitMetadata.js";
import type { Formatter } from "./format.js";
import { gateMetadata } from "./gateMetadata.js";
import type { NamedApp } from "../core/model.js";

export async function emitMetadataModule(
  app: NamedApp,
  metaFile: string,
  formatter: Formatter,
): Promise<string> {
  const module = metadataModule(app);
  const text = await formatter.formatMetadata(module, metaFile);
  gateMetadata(metaFile, text, module.json);
  return text;
}
