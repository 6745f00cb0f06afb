/**
 * The change report: what a regeneration changes in the catalog, per app, each change marked
 * breaking (code that compiled before may no longer compile or behave) or additive.
 * Built from the previous and next snapshots in the output, so it works the same online and offline.
 */
import { Diagnostics } from "../core/diagnostics.js";
import type { FieldModel } from "../core/model.js";
import { normalizeApp, type NormalizedAction, type NormalizedApp } from "../model/normalize.js";
import type { WireAppSnapshot } from "../core/snapshot.js";
import type { FileChanges } from "./writeOutput.js";
import { printable } from "../core/diagnostics.js";
import { bindingsOf, parseManifest } from "./manifest.js";
import type { CatalogBindings } from "../model/names.js";

export interface Change {
  severity: "breaking" | "additive";
  slug: string;
  actionId?: string;
  field?: string;
  /** e.g. `app-added`, `action-removed`, `field-now-required`, `field-type-changed`, `options-removed`. */
  kind: string;
  detail?: string;
}

export interface ChangeReport {
  breaking: number;
  additive: number;
  changes: Change[];
}

type Files = ReadonlyMap<string, string>;

export const NO_CHANGES: ChangeReport = Object.freeze({
  breaking: 0,
  additive: 0,
  changes: [] as Change[],
});

/**
 * The report of what changed between two outputs; `changes` (when known) limits it to the schema
 * files that differ. `bindings` are the names the two manifests bind, when the caller has them
 * (else they are read from the manifests).
 */
export function buildReport(
  previous: Files,
  next: Files,
  fileChanges?: FileChanges,
  bindings?: { before: CatalogBindings; after: CatalogBindings },
): ChangeReport {
  const touched =
    fileChanges && new Set([...fileChanges.added, ...fileChanges.modified, ...fileChanges.removed]);
  // Only the touched files are read (the others may be on disk: see `outputFiles.ts`).
  const only = (files: Files) =>
    touched
      ? new Map([...touched].flatMap((file) => (files.has(file) ? [[file, files.get(file)!]] : [])))
      : files;
  const before = appsOf(only(previous));
  const after = appsOf(only(next));
  const changes: Change[] = [];
  for (const [slug, app] of after) {
    const old = before.get(slug);
    if (!old)
      changes.push({
        severity: "additive",
        slug,
        kind: "app-added",
        detail: `${app.actions.length} actions`,
      });
    else compareApps(old, app, changes);
  }
  for (const slug of before.keys())
    if (!after.has(slug)) changes.push({ severity: "breaking", slug, kind: "app-removed" });
  compareBindings(
    bindings?.before ?? bindingsOf(parseManifest(previous.get("manifest.json"))),
    bindings?.after ?? bindingsOf(parseManifest(next.get("manifest.json"))),
    changes,
  );
  return {
    breaking: changes.filter((c) => c.severity === "breaking").length,
    additive: changes.filter((c) => c.severity === "additive").length,
    changes,
  };
}

function appsOf(files: Files): Map<string, NormalizedApp> {
  const apps = new Map<string, NormalizedApp>();
  for (const [file, text] of files) {
    if (!file.startsWith("schemas/") || !file.endsWith(".json")) continue;
    try {
      const app = normalizeApp(JSON.parse(text) as WireAppSnapshot, file, new Diagnostics());
      apps.set(app.slug, app);
    } catch {
      // An unreadable previous snapshot has nothing to compare against.
    }
  }
  return apps;
}

function compareApps(old: NormalizedApp, app: NormalizedApp, changes: Change[]): void {
  const slug = app.slug;
  const oldActions = new Map(old.actions.map((a) => [a.actionId, a]));
  const newActions = new Map(app.actions.map((a) => [a.actionId, a]));
  for (const [actionId, action] of newActions) {
    const was = oldActions.get(actionId);
    if (!was) changes.push({ severity: "additive", slug, actionId, kind: "action-added" });
    else compareActions(slug, was, action, changes);
  }
  for (const actionId of oldActions.keys()) {
    if (!newActions.has(actionId))
      changes.push({ severity: "breaking", slug, actionId, kind: "action-removed" });
  }
}

function compareActions(
  slug: string,
  old: NormalizedAction,
  action: NormalizedAction,
  changes: Change[],
): void {
  const actionId = action.actionId;
  const oldFields = new Map(old.fields.map((f) => [f.wireName, f]));
  const newFields = new Map(action.fields.map((f) => [f.wireName, f]));
  for (const [field, now] of newFields) {
    const was = oldFields.get(field);
    const at = { slug, actionId, field };
    if (!was) {
      changes.push({
        ...at,
        severity: now.required ? "breaking" : "additive",
        kind: now.required ? "required-field-added" : "field-added",
      });
      continue;
    }
    if (!was.required && now.required)
      changes.push({ ...at, severity: "breaking", kind: "field-now-required" });
    if (was.required && !now.required)
      changes.push({ ...at, severity: "additive", kind: "field-now-optional" });
    if (typeOf(was) !== typeOf(now))
      changes.push({
        ...at,
        severity: "breaking",
        kind: "field-type-changed",
        detail: `${typeOf(was)} → ${typeOf(now)}`,
      });
    const removed = optionValues(was).filter((v) => !optionValues(now).includes(v));
    const added = optionValues(now).filter((v) => !optionValues(was).includes(v));
    if (removed.length && optionValues(now).length)
      changes.push({
        ...at,
        severity: "breaking",
        kind: "options-removed",
        detail: removed.join(", "),
      });
    if (added.length && optionValues(was).length)
      changes.push({
        ...at,
        severity: "additive",
        kind: "options-added",
        detail: added.join(", "),
      });
  }
  for (const field of oldFields.keys()) {
    if (!newFields.has(field))
      changes.push({ severity: "breaking", slug, actionId, field, kind: "field-removed" });
  }
}

/**
 * A name that now calls another wire id than before is breaking, even when the catalog change
 * itself looks additive: code that compiled before still compiles, and silently does something
 * else. So is a wire id whose name changed. Both fail `--check` like any other drift.
 */
function compareBindings(before: CatalogBindings, after: CatalogBindings, changes: Change[]): void {
  const appByProperty = new Map<string, string>();
  for (const [slug, app] of before) if (app.property) appByProperty.set(app.property, slug);
  for (const [slug, app] of after) {
    const old = before.get(slug);
    if (old?.property && app.property && old.property !== app.property)
      changes.push({
        severity: "breaking",
        slug,
        kind: "app-renamed",
        detail: `${old.property} → ${app.property}`,
      });
    const previousOwner = app.property ? appByProperty.get(app.property) : undefined;
    if (previousOwner !== undefined && previousOwner !== slug)
      changes.push({
        severity: "breaking",
        slug,
        kind: "name-rebound",
        detail: `${app.property} was app ${JSON.stringify(previousOwner)}`,
      });
    // Bindings read from one names object (kept from the previous manifest) bind the same names.
    if (old && !(old.source !== undefined && old.source === app.source))
      compareMethodBindings(slug, old.methods, app.methods, changes);
  }
}

function compareMethodBindings(
  slug: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  changes: Change[],
): void {
  const wireByName = new Map<string, string>();
  for (const [actionId, name] of before) wireByName.set(name, actionId);
  for (const [actionId, name] of after) {
    const old = before.get(actionId);
    if (old !== undefined && old !== name)
      changes.push({
        severity: "breaking",
        slug,
        actionId,
        kind: "method-renamed",
        detail: `${old} → ${name}`,
      });
    const previousOwner = wireByName.get(name);
    if (previousOwner !== undefined && previousOwner !== actionId)
      changes.push({
        severity: "breaking",
        slug,
        actionId,
        kind: "name-rebound",
        detail: `${name} was action ${JSON.stringify(previousOwner)}`,
      });
  }
}

const typeOf = (f: FieldModel) => (f.multiple ? `${f.type}[]` : f.type);
const optionValues = (f: FieldModel) => (f.options ?? []).map((o) => JSON.stringify(o.value));

/** Human-readable report; empty when nothing changed. */
export function formatReport(
  report: ChangeReport,
  highlight: (text: string) => string = (t) => t,
): string {
  if (report.changes.length === 0) return "";
  const lines = [`Catalog changes: ${report.breaking} breaking, ${report.additive} additive`];
  for (const c of report.changes) {
    const where =
      [c.slug, c.actionId]
        .filter(Boolean)
        .map((s) => printable(s!))
        .join("/") + (c.field ? ` field ${JSON.stringify(printable(c.field))}` : "");
    const tag = c.severity === "breaking" ? highlight("BREAKING") : "additive";
    lines.push(
      `  ${tag.padEnd(8)}  ${where}: ${c.kind}${c.detail ? ` (${printable(c.detail)})` : ""}`,
    );
  }
  return lines.join("\n");
}
