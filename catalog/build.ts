/**
 * One-off writer of the committed catalog: `npx tsx catalog/build.ts [outDir]`.
 * Writes `<outDir>/<slug>.json` (default `generated/schemas`) for each app in `./source/`,
 * through `serializeAppSnapshot`, so the files are in the canonical snapshot form of
 * docs/contract.md. Rerunning it gives identical bytes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serializeAppSnapshot, type WireAppSnapshot } from "../generator/core/snapshot.js";
import { acme_backend } from "./source/acme_backend.js";
import { docusign } from "./source/docusign.js";
import { google_drive } from "./source/google_drive.js";
import { hubspot } from "./source/hubspot.js";
import { jira } from "./source/jira.js";
import { netsuite } from "./source/netsuite.js";
import { salesforce } from "./source/salesforce.js";
import { slack } from "./source/slack.js";
import type { AppCatalog, DefaultAppCatalog } from "./source/types.js";
import { zendesk } from "./source/zendesk.js";

/** Linked account `acme`'s catalog: the listed apps plus the org's default app (API proxies). */
export const catalog: (AppCatalog | DefaultAppCatalog)[] = [
  hubspot,
  salesforce,
  netsuite,
  slack,
  google_drive,
  zendesk,
  jira,
  docusign,
  acme_backend,
];

/** The catalog as wire snapshots (a JSON round trip drops shared references between fields). */
export function catalogSnapshots(): WireAppSnapshot[] {
  return catalog.map((entry) => JSON.parse(JSON.stringify(entry)) as WireAppSnapshot);
}

export function writeCatalog(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const snapshot of catalogSnapshots()) {
    const file = join(outDir, `${String(snapshot.app.slug)}.json`);
    writeFileSync(file, serializeAppSnapshot(snapshot));
    written.push(file);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2] ?? "generated/schemas";
  const files = writeCatalog(outDir);
  const actions = catalog.reduce((n, entry) => n + entry.actions.length, 0);
  console.log(`wrote ${files.length} apps, ${actions} actions to ${outDir}`);
}
