// Worker thread entry: loads the TypeScript emit stages through tsx (workers do not inherit the
// parent's loader), then emits one app module per message.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { createFormatter } = await import("./format.ts");
const { createModuleEmitter } = await import("./emitModule.ts");
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
