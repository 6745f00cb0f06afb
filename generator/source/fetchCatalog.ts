/**
 * The live source: fetches the catalog of one linked account from the Refold API and hands it to
 * the pipeline in the snapshot form (`{app, actions: [list item + parameters]}` per app). The
 * pipeline then serializes it into `<out>/schemas/` and generates from it, so offline and online
 * runs share one path.
 *
 *   GET /api/v2/public/application                       (or /application/{slug} per --apps slug)
 *   GET /api/v2/integration-schema/{slug}/actions
 *   GET /api/v2/integration-schema/{slug}/actions/{action_id}   for every action
 *
 * The org's default app (`defaultApp`: its API proxies) is not in the app list, and a `--apps` slug
 * may not be either: such an app is asked for by slug, and only a 404 on its action list means it
 * does not exist (see `unlistedApp`). Every request is paced by one token bucket (fetch/http.ts).
 *
 * Credentials come from the environment only (fetch/auth.ts) and never reach any message.
 */
import path from "node:path";
import { compareCodeUnits } from "../core/canonicalJson.js";
import { GenerationError, UsageError } from "../core/errors.js";
import { authFromEnv, type LiveAuth } from "./fetch/auth.js";
import {
  createHttpClient,
  HttpFailure,
  type HttpClient,
  type HttpStats,
  type JsonAnswer,
} from "./fetch/http.js";
import { failureError, type RequestContext } from "./fetch/messages.js";
import { journalDir, openJournal, type Journal } from "./fetch/journal.js";
import { createRedactor, type Redactor } from "./fetch/redact.js";
import { defaultDeps, type FetchDeps } from "./fetch/retry.js";
import { BOM_MESSAGE } from "../core/decodeUtf8.js";
import type { Diagnostic } from "../core/diagnostics.js";
import {
  actionList,
  appList,
  appObject,
  isFetchableAction,
  parameterList,
  segment,
} from "./fetch/shapes.js";
import type { GenerateOptions } from "../core/options.js";
import type { SnapshotFile } from "./readSnapshot.js";
import type { WireAction } from "../core/snapshot.js";

export type { FetchDeps } from "./fetch/retry.js";
export type { HttpStats } from "./fetch/http.js";

/** The part of the CLI reporter the fetch uses (progress is shown on a TTY only). */
export interface ProgressReporter {
  progress(text: string): void;
  endProgress(): void;
}

/**
 * The live source for `generate(options, { source })`. Checks credentials and the base URL now
 * (a UsageError, exit 2); the returned function does the fetch.
 */
export function liveSource(
  options: GenerateOptions,
  env: NodeJS.ProcessEnv,
  reporter: ProgressReporter,
  deps: Partial<FetchDeps> = {},
  stats?: (stats: HttpStats) => void,
): () => Promise<SnapshotFile[]> {
  const auth = authFromEnv(env, options.linkedAccountId);
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new UsageError(`The base URL is not a URL: ${JSON.stringify(options.baseUrl)}.`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:")
    throw new UsageError(`The base URL must be http:// or https://, got ${base.protocol}//.`);
  return () => fetchCatalog(options, auth, reporter, { ...defaultDeps, ...deps }, stats);
}

export async function fetchCatalog(
  options: GenerateOptions,
  auth: LiveAuth,
  reporter: ProgressReporter,
  deps: FetchDeps,
  onStats?: (stats: HttpStats) => void,
): Promise<SnapshotFile[]> {
  const redact = createRedactor(auth.secrets);
  const client = createHttpClient({
    baseUrl: options.baseUrl,
    headers: auth.headers,
    concurrency: options.concurrency,
    requestTimeoutMs: options.requestTimeoutMs,
    attempts: options.attempts,
    deadlineMs: options.deadlineMs,
    rateLimit: options.rateLimit,
    redact,
    deps,
  });
  const messageContext = {
    credential: auth.label,
    variable: auth.variable,
    linkedAccountId: auth.headers.linked_account_id,
  };
  // Byte order marks are warnings (decodeUtf8.ts), attached to the app they arrived for.
  const warnings: Diagnostic[] = [];
  const get = async (path: string, request: RequestContext) => {
    try {
      const answer = await client.getJson(path);
      if (answer.bom)
        warnings.push({
          code: "byte-order-mark",
          slug: request.slug,
          actionId: request.actionId,
          message: `GET ${answer.url} ${BOM_MESSAGE}`,
        });
      return answer;
    } catch (error) {
      throw error instanceof HttpFailure
        ? failureError(error.info, request, messageContext)
        : error;
    }
  };
  const progress = createProgress(reporter, client.stats, deps.now, options.rateLimit);
  try {
    const journal = await openJournal(
      journalDir([
        path.resolve(options.out),
        options.baseUrl,
        auth.mode,
        auth.headers.linked_account_id,
        options.defaultApp,
      ]),
      Date.now,
    );
    const apps = await appsToFetch(options, get);
    progress.addApps(apps.length);
    const files = await Promise.all(
      apps.map((app) => resumedOrFetched(app, journal, () => fetchApp(app, client, get, progress))),
    );
    await journal.clear();
    files.sort((a, b) =>
      compareCodeUnits(String(a.snapshot.app.slug), String(b.snapshot.app.slug)),
    );
    for (const warning of warnings) {
      const file = files.find((f) => f.snapshot.app.slug === warning.slug) ?? files[0];
      if (file) (file.warnings ??= []).push({ ...warning, slug: String(file.snapshot.app.slug) });
    }
    return files;
  } catch (error) {
    client.abort();
    throw scrub(error, redact);
  } finally {
    reporter.endProgress();
    await client.close();
    onStats?.({ ...client.stats });
  }
}

type Get = (path: string, request: RequestContext) => Promise<JsonAnswer>;

/** An app an interrupted fetch already got (see fetch/journal.ts), or a fresh fetch, recorded. */
async function resumedOrFetched(
  ref: AppRef,
  journal: Journal,
  fetch: () => Promise<SnapshotFile>,
): Promise<SnapshotFile> {
  const slug = "app" in ref ? String(ref.app.slug) : ref.unlisted;
  const saved = journal.resumed.get(slug);
  if (saved) return saved;
  const file = await fetch();
  await journal.save(slug, file);
  return file;
}

/** An app to fetch: its object, or only its slug when the app list does not name it. */
type AppRef = { app: Record<string, unknown> } | { unlisted: string };

/**
 * The apps of this run: the `--apps` slugs (each asked for by slug), or the app list plus the
 * default app when that is configured and the list omits it (as documented).
 */
async function appsToFetch(options: GenerateOptions, get: Get): Promise<AppRef[]> {
  if (options.apps) {
    return Promise.all(
      [...new Set(options.apps)].map(async (slug): Promise<AppRef> => {
        try {
          const answer = await get(`/api/v2/public/application/${segment(slug)}`, {
            endpoint: "get-app",
            slug,
          });
          return { app: appObject(answer, slug) };
        } catch (error) {
          if (isNotFound(error)) return { unlisted: slug };
          throw error;
        }
      }),
    );
  }
  const listed = appList(await get("/api/v2/public/application", { endpoint: "list-apps" }));
  const refs: AppRef[] = listed.map((app) => ({ app }));
  const extra = options.defaultApp;
  if (extra !== undefined && !listed.some((app) => app.slug === extra))
    refs.push({ unlisted: extra });
  return refs;
}

const isNotFound = (error: unknown) =>
  error instanceof GenerationError && /^SOURCE_UNKNOWN_APP$/.test(error.code);

/**
 * One app: its action list, then every action's fields. An unlisted app's object is not served by
 * the documented endpoints, so its snapshot records only what is known, `{slug, name: slug}`
 * (names come from the slug anyway); a 404 on its action list means the slug does not exist.
 */
async function fetchApp(
  ref: AppRef,
  client: HttpClient,
  get: Get,
  progress: Progress,
): Promise<SnapshotFile> {
  const app = "app" in ref ? ref.app : { slug: ref.unlisted, name: ref.unlisted };
  const slug = app.slug as string;
  const listPath = `/api/v2/integration-schema/${segment(slug)}/actions`;
  const items = actionList(
    await get(listPath, { endpoint: "list-actions", slug, unlisted: "unlisted" in ref }),
  );
  progress.addActions(items.filter(isFetchableAction).length);
  const actions = await Promise.all(
    items.map(async (item): Promise<WireAction> => {
      // A malformed entry is kept as served: normalize skips it with a warning, as offline.
      if (!isFetchableAction(item)) return item as WireAction;
      const actionId = item.action_id;
      const answer = await get(`${listPath}/${segment(actionId)}`, {
        endpoint: "get-action",
        slug,
        actionId,
      });
      const parameters = parameterList(answer);
      progress.actionDone();
      return { ...item, parameters };
    }),
  );
  progress.appDone();
  return { source: `${client.urlOf(listPath)} (app "${slug}")`, snapshot: { app, actions } };
}

interface Progress {
  addApps(n: number): void;
  addActions(n: number): void;
  actionDone(): void;
  appDone(): void;
}

/**
 * The TTY progress line: apps and actions done, and an estimate of the time left, from the
 * requests still to send at the rate achieved so far (never faster than the configured limit).
 */
function createProgress(
  reporter: ProgressReporter,
  stats: HttpStats,
  now: () => number,
  limit: GenerateOptions["rateLimit"],
): Progress {
  const counts = { apps: 0, appsTotal: 0, actions: 0, actionsTotal: 0 };
  const started = now();
  const show = () => {
    // 1 app list + one action list per app + one schema per action (the totals grow as lists arrive).
    const total = 1 + counts.appsTotal + counts.actionsTotal;
    const done = 1 + counts.apps + counts.actions;
    reporter.progress(
      `Fetching apps: ${counts.apps}/${counts.appsTotal}, actions: ${counts.actions}/${counts.actionsTotal}` +
        eta(total - done, stats.sent, now() - started, limit),
    );
  };
  return {
    addApps: (n) => void ((counts.appsTotal += n), show()),
    addActions: (n) => void ((counts.actionsTotal += n), show()),
    actionDone: () => void ((counts.actions += 1), show()),
    appDone: () => void ((counts.apps += 1), show()),
  };
}

/** `, about 12 s left` once there is a rate to go by; empty before that. */
export function eta(
  remaining: number,
  sent: number,
  elapsedMs: number,
  limit: GenerateOptions["rateLimit"],
): string {
  if (remaining <= 0 || sent < 5 || elapsedMs < 500) return "";
  const achieved = (sent * 1000) / elapsedMs;
  const rate = limit ? Math.min(achieved, limit.requestsPerSecond) : achieved;
  const seconds = Math.ceil(remaining / rate);
  return seconds >= 120
    ? `, about ${Math.round(seconds / 60)} min left`
    : `, about ${seconds} s left`;
}

/** Secrets out of any error that escapes, whatever produced it (message and stack). */
function scrub(error: unknown, redact: Redactor): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
  }
  return error;
}
