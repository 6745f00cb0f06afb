/**
 * Faults a test asks for: delays, 5xx, connection resets (before or mid-response), HTML error
 * pages, truncated JSON, hangs. Registered programmatically or via `POST /__emulator/faults`;
 * the first matching fault fires, `times` bounds how often.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { errorReply } from "./http.js";
import type { EndpointName, FaultHandle, FaultMatch, FaultSpec, Reply } from "./types.js";

/** What a fault is matched against. */
export interface FaultTarget {
  method: string;
  path: string;
  endpoint?: EndpointName;
  slug?: string;
  actionId?: string;
  linkedAccountId?: string;
}

interface Entry {
  id: string;
  spec: FaultSpec;
  remaining: number;
  hits: number;
}

export class FaultRegistry {
  private entries: Entry[] = [];
  private nextId = 1;
  private readonly timers = new Set<NodeJS.Timeout>();

  add(spec: FaultSpec): FaultHandle {
    checkSpec(spec);
    const entry: Entry = {
      id: `fault_${this.nextId++}`,
      spec,
      remaining: spec.match?.times ?? Infinity,
      hits: 0,
    };
    this.entries.push(entry);
    return {
      id: entry.id,
      get hits() {
        return entry.hits;
      },
      remove: () => this.remove(entry.id),
    };
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.id !== id);
    return this.entries.length !== before;
  }

  clear(): void {
    this.entries = [];
  }

  /** The fault that fires for this request, if any (consumes one of its `times`). */
  take(target: FaultTarget): FaultSpec | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && matches(e.spec.match ?? {}, target));
    if (!entry) return undefined;
    entry.remaining -= 1;
    entry.hits += 1;
    return entry.spec;
  }

  /** A cancellable sleep (close() cancels pending ones so the process can exit). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function matches(match: FaultMatch, t: FaultTarget): boolean {
  if (match.method && match.method.toUpperCase() !== t.method) return false;
  if (match.path instanceof RegExp) {
    match.path.lastIndex = 0;
    if (!match.path.test(t.path)) return false;
  } else if (match.path !== undefined && match.path !== t.path) return false;
  if (match.endpoint !== undefined && match.endpoint !== t.endpoint) return false;
  if (match.slug !== undefined && match.slug !== t.slug) return false;
  if (match.actionId !== undefined && match.actionId !== t.actionId) return false;
  if (match.linkedAccountId !== undefined && match.linkedAccountId !== t.linkedAccountId)
    return false;
  return true;
}

const KINDS = new Set(["delay", "status", "reset", "html", "truncated", "hang"]);

function checkSpec(spec: FaultSpec): void {
  if (!spec || !KINDS.has(spec.kind))
    throw new Error(`emulator: unknown fault kind ${JSON.stringify(spec?.kind)}`);
  if (spec.kind === "delay" && !(spec.ms >= 0))
    throw new Error("emulator: delay fault needs ms >= 0");
  if (spec.kind === "status" && !(spec.status >= 100 && spec.status <= 599)) {
    throw new Error("emulator: status fault needs a status between 100 and 599");
  }
}

/** Whether the real handler must run first: for faults that reshape its reply, or `processed`. */
export function needsReply(spec: FaultSpec): boolean {
  switch (spec.kind) {
    case "delay":
      return spec.stage === "body";
    case "truncated":
      return true;
    case "reset":
      return spec.stage === "mid" || spec.processed === true;
    default:
      return spec.processed === true;
  }
}

const HTML_PAGE = (status: number, text: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Sends RST where supported, so the client sees ECONNRESET rather than a clean close. */
function reset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    ...reply.headers,
    "content-length": String(Buffer.byteLength(reply.body)),
  });
  res.end(reply.body);
}

/**
 * Delivers a faulted answer. `reply` is the real handler's reply when `needsReply(spec)`.
 * Returns the status the client saw, or undefined when no response was completed.
 */
export async function deliverFault(
  req: IncomingMessage,
  res: ServerResponse,
  spec: FaultSpec,
  reply: Reply | undefined,
  requestId: string,
  registry: FaultRegistry,
  run: () => Promise<Reply>,
): Promise<number | undefined> {
  switch (spec.kind) {
    case "delay": {
      if (spec.stage === "body") {
        const full = Buffer.from(reply!.body);
        const half = Math.floor(full.length / 2);
        res.writeHead(reply!.status, { ...reply!.headers, "content-length": String(full.length) });
        res.write(full.subarray(0, half));
        await registry.sleep(spec.ms);
        if (!res.destroyed) res.end(full.subarray(half));
        return reply!.status;
      }
      await registry.sleep(spec.ms);
      // The handler runs after the wait, as if the request had been slow to reach it.
      const late = await run();
      if (!res.destroyed) writeReply(res, late);
      return late.status;
    }
    case "status": {
      const headers: Record<string, string> = {};
      if (spec.retryAfter !== undefined) headers["retry-after"] = spec.retryAfter;
      const message = spec.message ?? `Emulated fault: HTTP ${spec.status}`;
      writeReply(res, errorReply(spec.status, message, requestId, { headers }));
      return spec.status;
    }
    case "html": {
      const status = spec.status ?? 502;
      const body = HTML_PAGE(status, status === 502 ? "Bad Gateway" : "Error");
      writeReply(res, { status, headers: { "content-type": "text/html" }, body });
      return status;
    }
    case "truncated": {
      const full = Buffer.from(reply!.body);
      const cut = full.subarray(0, Math.max(1, Math.floor(full.length / 2)));
      if (spec.mode === "length") {
        res.writeHead(reply!.status, { ...reply!.headers, "content-length": String(full.length) });
        res.write(cut, () => req.socket.end());
        return undefined;
      }
      res.writeHead(reply!.status, { ...reply!.headers, "content-length": String(cut.length) });
      res.end(cut);
      return reply!.status;
    }
    case "reset": {
      if (spec.stage === "mid") {
        const full = Buffer.from(reply!.body);
        res.writeHead(reply!.status, { ...reply!.headers, "content-length": String(full.length) });
        res.write(full.subarray(0, Math.floor(full.length / 2)));
        // Give the headers and partial body time to reach the client before the RST.
        await registry.sleep(50);
      }
      reset(req.socket);
      return undefined;
    }
    case "hang":
      // Never answers; close() destroys the connection.
      return undefined;
  }
}
