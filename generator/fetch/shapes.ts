/**
 * What the live source accepts from each endpoint. Both documented forms of the lists are taken
 * (a bare array, or `{actions: […]}` / `{parameters: […]}`); anything else is an error naming the
 * URL and showing what arrived. Values are otherwise kept exactly as served.
 */
import { GenerationError } from "../errors.js";
import type { JsonAnswer } from "./http.js";

const NOTHING_WRITTEN = "Nothing was written; the previous output is unchanged.";

function invalid(answer: JsonAnswer, expected: string): GenerationError {
  return new GenerationError(
    "SOURCE_INVALID_RESPONSE",
    `GET ${answer.url} did not answer ${expected}: content type ${answer.contentType}, body starts ${JSON.stringify(answer.preview)}. ${NOTHING_WRITTEN}`,
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
    throw invalid(answer, `the app ${JSON.stringify(slug)} (it named ${JSON.stringify(app.slug)})`);
  return app;
}

/** The action list: objects with a non-empty string `action_id`. */
export function actionList(answer: JsonAnswer): Record<string, unknown>[] {
  const actions = listOf(answer, "actions", "actions");
  actions.forEach((action, i) => {
    if (!isObject(action) || typeof action.action_id !== "string" || action.action_id === "")
      throw invalid(answer, `a list of actions with an action_id each (item ${i} has none)`);
  });
  return actions as Record<string, unknown>[];
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
      `The catalog names an app or action ${JSON.stringify(value)} that is not valid Unicode, so it cannot be requested. ${NOTHING_WRITTEN}`,
    );
  }
}
