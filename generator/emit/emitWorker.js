// Worker thread entry (plain JavaScript: workers do not inherit the parent's loader). From the
// build (`dist/generator/`) it loads the compiled stages; from source it loads them through tsx.
// A worker of role "all" loads every emit library before its first job; one of role "gate" loads
// ts-morph's side only (metadata modules and the gate), and the rest if an app job comes.
import { parentPort, workerData } from "node:worker_threads";

const fromBuild = import.meta.url.endsWith(".js") && import.meta.url.includes("/dist/generator/");
const { installCompileCache, flushCompileCache } = await import("../core/compileCache.js");
installCompileCache();
if (!fromBuild) (await import("tsx/esm/api")).register();
const ext = fromBuild ? ".js" : ".ts";
const { createFormatter } = await import(`./format${ext}`);
const { emitMetadataModule } = await import(`./emitMetadataModule${ext}`);
const { gateAppModule } = await import(`./gate${ext}`);
const { paramsCacheOf } = await import(`./paramsCache${ext}`);
const formatter = await createFormatter(workerData.outDir, { config: workerData.config });
const loadEmitter = async () => (await import(`./emitModule${ext}`)).createModuleEmitter(formatter);
let emit = workerData.role === "gate" ? undefined : await loadEmitter();
// A terminated worker runs no exit handlers: its cache data is written once its libraries are loaded.
flushCompileCache();

parentPort.on("message", async ({ id, app, metaFile, gate, paramsKey }) => {
  try {
    let code;
    if (gate !== undefined) {
      gateAppModule(gate.fileName, gate.code, gate.module);
      code = gate.code;
    } else if (metaFile !== undefined) code = await emitMetadataModule(app, metaFile, formatter);
    else {
      emit ??= await loadEmitter();
      code = await emit(app, paramsCacheOf(workerData.outDir, { app, paramsKey }));
    }
    parentPort.postMessage({ id, code });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { name: error?.name, message: error?.message, code: error?.code, stack: error?.stack },
    });
  }
});
