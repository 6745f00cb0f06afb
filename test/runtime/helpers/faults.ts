// The fault table shared by the fault matrix and the leak sweep: each fault is served by a real
// server on 127.0.0.1 (HTTP, or node:net where HTTP cannot express it), and every fault that can
// echoes the request's credentials back in bodies, headers and provider data.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import type { ActionKind, RefoldError } from "../../../templates/runtime/index.js";
import { json, refusedUrl, startServer, type TestServer } from "./server.js";

export const KEY = "pk_live_SWEEP_9c1f27ab44e0";
export const MINT_PATH = "/api/v2/public/session-token";

/** Everything the request carried that must not come back: the key header or the Bearer token. */
function echoOf(req: IncomingMessage): string {
  return JSON.stringify({ key: req.headers["x-api-key"], auth: req.headers["authorization"] });
}

function credential(req: IncomingMessage): string {
  const auth = req.headers["authorization"];
  if (typeof auth === "string") return auth.replace(/^Bearer /, "");
  return String(req.headers["x-api-key"] ?? "");
}

type HttpFault = (req: IncomingMessage, res: ServerResponse) => void;
/** A raw socket fault: gets the parsed request head, owns the socket. */
type NetFault = (head: string, socket: Socket) => void;

export interface Fault {
  name: string;
  http?: HttpFault;
  net?: NetFault;
  refused?: true;
  /** Options for the client (e.g. a small maxResponseBytes). */
  client?: Record<string, unknown>;
}

const errorBody = (status: number, req: IncomingMessage, extra: Record<string, unknown> = {}) => ({
  status_code: status,
  error: "SERVER_ERROR",
  message: `echo ${echoOf(req)}`,
  request_id: `req-${credential(req)}`,
  ...extra,
});

/** An HTML page whose credential straddles the 200-character snippet cut. */
function straddlingHtml(req: IncomingMessage): string {
  const secret = credential(req);
  const pad = "x".repeat(200 - Math.floor(secret.length / 2) - "<html>".length);
  return `<html>${pad}${secret}${"y".repeat(300)}</html>`;
}

export const FAULTS: Fault[] = [
  { name: "connection refused", refused: true },
  { name: "reset before response", http: (req) => void req.socket.destroy() },
  {
    name: "reset mid-response",
    http: (req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write(`{"node_status":"Success","data":{"echo":${JSON.stringify(echoOf(req))}`);
      setTimeout(() => req.socket.destroy(), 10);
    },
  },
  { name: "no response (hang)", http: () => undefined },
  { name: "accepted, never answered (net)", net: () => undefined },
  {
    name: "garbage instead of HTTP (net)",
    net: (head, socket) => void socket.end(`NOT HTTP ${head.slice(0, 400)}\r\n\r\n`),
  },
  { name: "500", http: (req, res) => json(res, 500, errorBody(500, req)) },
  {
    name: "502 HTML page",
    http: (req, res) => {
      res.writeHead(502, { "content-type": `text/html; x=${credential(req)}` });
      res.end(straddlingHtml(req));
    },
  },
  {
    name: "503 Retry-After 0",
    http: (req, res) => json(res, 503, errorBody(503, req), { "retry-after": "0" }),
  },
  {
    name: "429 Retry-After 0",
    http: (req, res) =>
      json(res, 429, { ...errorBody(429, req), error: "RATE_LIMITED" }, { "retry-after": "0" }),
  },
  {
    name: "400 validation",
    http: (req, res) => json(res, 400, { ...errorBody(400, req), error: "VALIDATION_ERROR" }),
  },
  {
    name: "400 INVALID_LINKED_ACCOUNT_ID",
    http: (req, res) =>
      json(res, 400, { ...errorBody(400, req), error: "INVALID_LINKED_ACCOUNT_ID" }),
  },
  {
    name: "500 No linked account found",
    http: (req, res) =>
      json(res, 500, { ...errorBody(500, req), message: `No linked account found ${echoOf(req)}` }),
  },
  {
    name: "401",
    http: (req, res) =>
      json(res, 401, {
        ...errorBody(401, req),
        http_error_type: "UNAUTHORIZED",
        error: "UNAUTHORIZED",
      }),
  },
  {
    name: "404 unknown action",
    http: (req, res) =>
      json(res, 404, {
        ...errorBody(404, req),
        http_error_type: "NOT_FOUND",
        message: `Action not found for the specified slug and action_id ${echoOf(req)}`,
      }),
  },
  {
    name: "200 HTML page",
    http: (req, res) => {
      res.writeHead(200, { "content-type": `text/html; charset=${credential(req)}` });
      res.end(straddlingHtml(req));
    },
  },
  {
    name: "200 node_status Failed",
    http: (req, res) =>
      json(res, 200, {
        node_status: `Failed ${credential(req)}`,
        http_status: 422,
        message: `provider said ${echoOf(req)}`,
        data: {
          echo: echoOf(req),
          [credential(req)]: [credential(req)],
          deep: nest(300, credential(req)),
        },
      }),
  },
  {
    name: "response too large",
    http: (req, res) => json(res, 200, { data: credential(req).repeat(200) }),
    client: { maxResponseBytes: 1_000 },
  },
];

function nest(depth: number, leaf: string): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = { level: i, next: value };
  return value;
}

export interface Expectation {
  cls: string;
  code: string;
  mayHaveSucceeded: boolean;
  /** Execute requests the server saw. */
  requests: number;
}

/** A server for one fault; the mint endpoint (if used) always answers with a fresh token. */
export interface FaultServer {
  url: string;
  /** Execute requests seen. */
  executes: () => number;
  minted: string[];
  close(): Promise<void>;
}

export async function serveFault(fault: Fault): Promise<FaultServer> {
  const minted: string[] = [];
  const mintToken = (): string => {
    const token = `tok_${minted.length + 1}_SWEEP_${Math.random().toString(36).slice(2, 10)}`;
    minted.push(token);
    return token;
  };
  if (fault.refused) {
    const url = await refusedUrl();
    return { url, executes: () => 0, minted, close: async () => undefined };
  }
  if (fault.http !== undefined) {
    const http = fault.http;
    const server: TestServer = await startServer((req, res) => {
      if (req.url === MINT_PATH) return json(res, 200, { token: mintToken(), expires_in: 3600 });
      return http(req, res);
    });
    return {
      url: server.url,
      executes: () => server.requests.filter((r) => r.url !== MINT_PATH).length,
      minted,
      close: () => server.close(),
    };
  }
  const net = fault.net!;
  let executes = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffered = "";
    socket.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("latin1");
      const end = buffered.indexOf("\r\n\r\n");
      if (end === -1) return;
      const head = buffered.slice(0, end);
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      buffered = buffered.slice(end + 4 + length);
      if (head.startsWith(`POST ${MINT_PATH} `)) {
        const body = JSON.stringify({ token: mintToken(), expires_in: 3600 });
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
        );
        return;
      }
      executes++;
      net(head, socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    executes: () => executes,
    minted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type Kind = ActionKind;
export type { RefoldError };
