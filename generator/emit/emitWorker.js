// Worker thread entry (plain JavaScript: workers do not inherit the parent's loader). From the
// build (`dist/generator/`) it loads the compiled stages; from source it loads them through tsx.
import { parentPort, workerData } from "node:worker_threads";

const fromBuild = import.meta.url.endsWith(".js") && import.meta.url.includes("/dist/generator/");
if (!fromBuild) (await import("tsx/esm/api")).register();
const ext = fromBuild ? ".js" : ".ts";
const { createFormatter } = await import(`./format${ext}`);
const { createModuleEmitter } = await import(`./emitModule${ext}`);
const emit = createModuleEmitter(await createFormatter(workerData.outDir));

parentPort.on("message", async ({ id, app }) => {
  try {
    parentPort.postMessage({ id, code: await emit(app) });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { name: error?.name, message: error?.message, code: error?.code, stack: error?.stack },
    });
  }
});
