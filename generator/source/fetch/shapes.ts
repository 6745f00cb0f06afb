/**
 * What the live source accepts from each endpoint. Both documented forms of the lists are taken
 * (a bare array, or `{actions: […]}` / `{parameters: […]}`); anything else is an error naming the
 * URL and showing what arrived. Values are otherwise kept exactly as served.
 */
import { quoted } from "../../core/diagnostics.js";
import { GenerationError } from "../../core/errors.js";
import { isUsableActionId } from "../../core/snapshot.js";
import type { JsonAnswer } from "./http.js";

const NOTHING_WRITTEN = "Nothing was written; the previous output is unchanged.";

function invalid(answer: JsonAnswer, expected: string): GenerationError {
  return new GenerationError(
    "SOURCE_INVALID_RESPONSE",
    `GET ${answer.url} did not answer ${expected}: content type ${answer.contentType}, body starts ${quoted(answer.preview)}. ${NOTHING_WRITTEN}`,
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** A bare array, or `{[key]: array}` when `key` is given. */
export function listOf(
  answer: JsonAnswer,
  key: "actions" | "parameters" | undefined,
  what: string,
): unknown[] {
  const value = answer.value;
  if (Array.isArray(value)) return value;
  if (key && isObject(value) && Array.isArray(value[key])) return value[key] as unknown[];
  throw invalid(answer, `a list of ${what} (a JSON array${key ? ` or {"${key}": [...]}` : ""})`);
}

/** The app list: objects with a non-empty string `slug`. */
export function appList(answer: JsonAnswer): Record<string, unknown>[] {
  const apps = listOf(answer, undefined, "apps");
  apps.forEach((app, i) => {
    if (!isObject(app) || typeof app.slug !== "string" || app.slug === "")
      throw invalid(answer, `a list of apps with a slug each (item ${i} has none)`);
  });
  return apps as Record<string, unknown>[];
}

/** One app object, whose slug must be the one asked for. */
export function appObject(answer: JsonAnswer, slug: string): Record<string, unknown> {
  const app = answer.value;
  if (!isObject(app) || typeof app.slug !== "string")
    throw invalid(answer, "an app object with a slug");
  if (app.slug !== slug)
    throw invalid(answer, `the app ${quoted(slug)} (it named ${quoted(app.slug)})`);
  return app;
}

/**
 * The action list, entries kept as served. A malformed entry (not an object, no usable action_id)
 * is not fetched; `normalize` skips it with the same warning as offline (one policy for both).
 */
export function actionList(answer: JsonAnswer): unknown[] {
  return listOf(answer, "actions", "actions");
}

/** An entry whose parameter schema can be requested (the ids `normalize` accepts). */
export function isFetchableAction(
  item: unknown,
): item is Record<string, unknown> & { action_id: string } {
  return isObject(item) && isUsableActionId(item.action_id);
}

/**
 * One action's parameter list (bare or `{parameters: […]}`). Anything else is kept as served, and
 * `normalize` skips that action with a warning, as it does offline.
 */
export function parameterList(answer: JsonAnswer): unknown {
  const value = answer.value;
  if (isObject(value) && Array.isArray(value.parameters)) return value.parameters;
  return value;
}

/** One path segment, percent-encoded exactly once ("." and ".." too, so no URL layer collapses them). */
export function segment(value: string): string {
  if (value === ".") return "%2E";
  if (value === "..") return "%2E%2E";
  try {
    return encodeURIComponent(value);
  } catch {
    throw new GenerationError(
      "SOURCE_INVALID_RESPONSE",
      `The catalog names an app or action ${quoted(value)} that is not valid Unicode, so it cannot be requested. ${NOTHING_WRITTEN}`,
    );
  }
}
