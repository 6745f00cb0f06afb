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
 * Credentials come from the environment only (fetch/auth.ts) and never reach any message.
 */
import { compareCodeUnits } from "./canonicalJson.js";
import { UsageError } from "./errors.js";
import { authFromEnv, type LiveAuth } from "./fetch/auth.js";
import { createHttpClient, HttpFailure, type HttpClient } from "./fetch/http.js";
import { failureError, type RequestContext } from "./fetch/messages.js";
import { createRedactor, type Redactor } from "./fetch/redact.js";
import { defaultDeps, type FetchDeps } from "./fetch/retry.js";
import { BOM_MESSAGE } from "./decodeUtf8.js";
import type { Diagnostic } from "./diagnostics.js";
import {
  actionList,
  appList,
  appObject,
  isFetchableAction,
  parameterList,
  segment,
} from "./fetch/shapes.js";
import type { GenerateOptions } from "./options.js";
import type { SnapshotFile } from "./readSnapshot.js";
import type { WireAction } from "./snapshot.js";

export type { FetchDeps } from "./fetch/retry.js";

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
  return () => fetchCatalog(options, auth, reporter, { ...defaultDeps, ...deps });
}

export async function fetchCatalog(
  options: GenerateOptions,
  auth: LiveAuth,
  reporter: ProgressReporter,
  deps: FetchDeps,
): Promise<SnapshotFile[]> {
  const redact = createRedactor(auth.secrets);
  const client = createHttpClient({
    baseUrl: options.baseUrl,
    headers: auth.headers,
    concurrency: options.concurrency,
    requestTimeoutMs: options.requestTimeoutMs,
    attempts: options.attempts,
    deadlineMs: options.deadlineMs,
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
  const progress = createProgress(reporter);
  try {
    const apps = options.apps
      ? await Promise.all(
          [...new Set(options.apps)].map(async (slug) =>
            appObject(
              await get(`/api/v2/public/application/${segment(slug)}`, {
                endpoint: "get-app",
                slug,
              }),
              slug,
            ),
          ),
        )
      : appList(await get("/api/v2/public/application", { endpoint: "list-apps" }));
    progress.addApps(apps.length);
    const files = await Promise.all(apps.map((app) => fetchApp(app, client, get, progress)));
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
  }
}

async function fetchApp(
  app: Record<string, unknown>,
  client: HttpClient,
  get: (path: string, request: RequestContext) => ReturnType<HttpClient["getJson"]>,
  progress: Progress,
): Promise<SnapshotFile> {
  const slug = app.slug as string;
  const listPath = `/api/v2/integration-schema/${segment(slug)}/actions`;
  const items = actionList(await get(listPath, { endpoint: "list-actions", slug }));
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

function createProgress(reporter: ProgressReporter): Progress {
  const counts = { apps: 0, appsTotal: 0, actions: 0, actionsTotal: 0 };
  const show = () =>
    reporter.progress(
      `Fetching apps: ${counts.apps}/${counts.appsTotal}, actions: ${counts.actions}/${counts.actionsTotal}`,
    );
  return {
    addApps: (n) => void ((counts.appsTotal += n), show()),
    addActions: (n) => void ((counts.actionsTotal += n), show()),
    actionDone: () => void ((counts.actions += 1), show()),
    appDone: () => void ((counts.apps += 1), show()),
  };
}

/** Secrets out of any error that escapes, whatever produced it (message and stack). */
function scrub(error: unknown, redact: Redactor): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
  }
  return error;
}
