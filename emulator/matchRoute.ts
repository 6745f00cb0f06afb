/**
 * Which of the six endpoints a request is for, and what a handler gets: kept apart from the
 * handlers so routes.ts and execute.ts can share the context without importing each other.
 */
import type { IncomingMessage } from "node:http";
import type { EmulatorState } from "./state.js";
import type { EndpointName } from "./types.js";

export interface Route {
  endpoint: EndpointName;
  method: "GET" | "POST";
  slug?: string;
  actionId?: string;
}

/** Matches decoded segments against the six endpoints (method checked later, for a 405). */
export function matchRoute(segments: string[]): Route | undefined {
  const [api, v2, area, ...rest] = segments;
  if (api !== "api" || v2 !== "v2") return undefined;
  if (area === "public") {
    if (rest.length === 1 && rest[0] === "application")
      return { endpoint: "list-apps", method: "GET" };
    if (rest.length === 2 && rest[0] === "application")
      return { endpoint: "get-app", method: "GET", slug: rest[1] };
    if (rest.length === 1 && rest[0] === "session-token")
      return { endpoint: "session-token", method: "POST" };
    return undefined;
  }
  if (area !== "integration-schema" || rest[1] !== "actions") return undefined;
  const [slug, , actionId, tail] = rest;
  if (rest.length === 2) return { endpoint: "list-actions", method: "GET", slug };
  if (rest.length === 3) return { endpoint: "get-action", method: "GET", slug, actionId };
  if (rest.length === 4 && tail === "execute")
    return { endpoint: "execute", method: "POST", slug, actionId };
  return undefined;
}

export interface RequestContext {
  req: IncomingMessage;
  requestId: string;
  route: Route;
  /** The raw body text. */
  body: string;
  state: EmulatorState;
}
