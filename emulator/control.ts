/**
 * The control endpoint under `/__emulator/`, so a child process (or a user of `npm run emulator`)
 * can drive faults and read the call history without the programmatic API. Unauthenticated: the
 * emulator only listens on 127.0.0.1.
 *
 *   POST   /__emulator/faults        body: a fault spec; `match.path` may be {"regex": "...", "flags": "i"}
 *   DELETE /__emulator/faults        clear all faults;   DELETE /__emulator/faults/{id}: one
 *   GET    /__emulator/requests      the call history;   DELETE /__emulator/requests: clear it
 *   POST   /__emulator/reset         faults, history, provider data, tokens, catalog changes
 *   GET    /__emulator/health        {"ok": true}
 */
import { bodyObject, errorReply, jsonReply } from "./http.js";
import type { FaultHandle, FaultSpec, RecordedRequest, Reply } from "./types.js";

/** What the control endpoint needs; part of `Emulator`. */
export interface EmulatorControl {
  /** Call history (live array, oldest first); control routes are not recorded. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  fault(spec: FaultSpec): FaultHandle;
  removeFault(id: string): boolean;
  clearFaults(): void;
  /** Clears faults and history and forgets provider data, tokens, buckets and catalog changes. */
  reset(): void;
}

export function handleControl(
  method: string,
  segments: string[],
  body: string,
  requestId: string,
  emulator: EmulatorControl,
): Reply {
  const [, what, id] = segments;
  const empty: Reply = { status: 204, headers: {}, body: "" };
  try {
    if (what === "health" && method === "GET") return jsonReply(200, { ok: true });
    if (what === "reset" && method === "POST") {
      emulator.reset();
      return empty;
    }
    if (what === "requests" && method === "GET") return jsonReply(200, emulator.requests);
    if (what === "requests" && method === "DELETE") {
      emulator.clearRequests();
      return empty;
    }
    if (what === "faults" && method === "POST" && id === undefined) {
      const spec = bodyObject(body) as (FaultSpec & { match?: { path?: unknown } }) | undefined;
      if (!spec)
        return errorReply(400, "Fault spec must be a JSON object", requestId, {
          errorCode: "VALIDATION_ERROR",
        });
      const path = spec.match?.path as { regex?: unknown; flags?: unknown } | string | undefined;
      if (path && typeof path === "object" && typeof path.regex === "string") {
        spec.match = {
          ...spec.match,
          path: new RegExp(path.regex, typeof path.flags === "string" ? path.flags : ""),
        };
      }
      return jsonReply(201, { id: emulator.fault(spec).id });
    }
    if (what === "faults" && method === "DELETE") {
      if (id === undefined) emulator.clearFaults();
      else if (!emulator.removeFault(id))
        return errorReply(404, `Fault '${id}' not found`, requestId);
      return empty;
    }
  } catch (error) {
    return errorReply(400, (error as Error).message, requestId, { errorCode: "VALIDATION_ERROR" });
  }
  return errorReply(404, "Unknown emulator control route", requestId);
}
