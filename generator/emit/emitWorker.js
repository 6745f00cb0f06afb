// Worker thread entry (plain JavaScript: workers do not inherit the parent's loader). From the
// build (`dist/generator/`) it loads the compiled stages; from source it loads them through tsx.
import { parentPort, workerData } from "node:worker_threads";

const fromBuild = import.meta.url.endsWith(".js") && import.meta.url.includes("/dist/generator/");
const { installCompileCache, flushCompileCache } = await import("../core/compileCache.js");
installCompileCache();
if (!fromBuild) (await import("tsx/esm/api")).register();
const ext = fromBuild ? ".js" : ".ts";
const { createFormatter } = await import(`./format${ext}`);
const { createModuleEmitter } = await import(`./emitModule${ext}`);
const { emitMetadataModule } = await import(`./emitMetadataModule${ext}`);
const formatter = await createFormatter(workerData.outDir, { config: workerData.config });
const emit = createModuleEmitter(formatter);
// A terminated worker runs no exit handlers: its cache data is written once its libraries are loaded.
flushCompileCache();

parentPort.on("message", async ({ id, app, metaFile }) => {
  try {
    const code =
      metaFile === undefined ? await emit(app) : await emitMetadataModule(app, metaFile, formatter);
    parentPort.postMessage({ id, code });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { name: error?.name, message: error?.message, code: error?.code, stack: error?.stack },
    });
  }
});
