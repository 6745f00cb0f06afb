/**
 * The fallback for every action without a dedicated fake: a plausible provider-looking payload
 * chosen from the action id's verb, echoing the parameters (stateless apart from an id counter).
 */
import { strParam, type Provider, type ProviderCall, type ProviderResult } from "./types.js";

interface GenericState {
  nextId: number;
}

const ID_KEYS = [
  "id",
  "record_id",
  "object_id",
  "contact_id",
  "deal_id",
  "ticket_id",
  "issue_id",
  "file_id",
];

function idFrom(params: Record<string, unknown>): string | undefined {
  for (const key of ID_KEYS) {
    const value = strParam(params[key]);
    if (value !== undefined) return value;
  }
  const key = Object.keys(params).find((k) => /(^|_)id$/i.test(k) || /Id$/.test(k));
  return key ? strParam(params[key]) : undefined;
}

export function genericExecute({
  slug,
  actionId,
  params,
  state,
  now,
}: ProviderCall): ProviderResult {
  const s = state as GenericState;
  const at = new Date(now()).toISOString();
  const verb =
    actionId
      .replace(/^custom_/, "")
      .split(/[_\s]/)[0]
      ?.toLowerCase() ?? "";
  if (actionId === "httprequest") {
    // Its field list is undocumented: the docs name only url_path and base_url (left unset).
    return {
      status: 200,
      data: {
        status: 200,
        headers: { "content-type": "application/json" },
        body: {
          url_path: strParam(params.url_path) ?? null,
          base_url: strParam(params.base_url) ?? null,
        },
      },
    };
  }
  if (["create", "add", "upsert", "send", "post", "upload", "insert"].includes(verb)) {
    return { status: 201, data: { id: `${slug}_${s.nextId++}`, created_at: at, ...params } };
  }
  if (["update", "patch", "set", "close", "move", "assign"].includes(verb)) {
    return {
      status: 200,
      data: { id: idFrom(params) ?? `${slug}_${s.nextId++}`, updated_at: at, ...params },
    };
  }
  if (["delete", "remove", "archive"].includes(verb)) {
    return { status: 200, data: { id: idFrom(params) ?? null, deleted: true } };
  }
  if (["get", "find", "read", "fetch", "retrieve"].includes(verb) && idFrom(params) !== undefined) {
    return { status: 200, data: { id: idFrom(params), ...params } };
  }
  if (["get", "list", "search", "find", "query"].includes(verb)) {
    return { status: 200, data: { results: [], total: 0, next_cursor: null } };
  }
  return { status: 200, data: { ok: true, action: actionId, params } };
}

export const generic: Provider = {
  createState: (): GenericState => ({ nextId: 1 }),
  actions: {},
};
