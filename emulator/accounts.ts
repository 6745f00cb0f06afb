/**
 * The linked accounts the emulator knows by default. Schemas differ per account on Refold (custom
 * actions and fields), so each account derives its catalog from the base (= acme's) catalog. API
 * proxies (custom actions) live on the org's default app, `acme_backend`, which the app list
 * excludes; each account sees its own set of them:
 *
 * - `acme`: the committed snapshot exactly: API proxies notify_backend, sync_invoice,
 *   upsert_company_by_domain.
 * - `globex`: API proxies notify_backend and its own sync_renewal_date (no sync_invoice or
 *   upsert_company_by_domain), plus a custom select field `globex_region` on hubspot/create_contact.
 * - `initech`: API proxy notify_backend only; its HubSpot connection has expired (execute answers
 *   a credential failure with `reauth_required: true`, and its hubspot app object says so).
 */
import type { AccountSpec, CatalogApp } from "./types.js";

export const DEFAULT_ACCOUNT = "acme";

/** The org's default app in the committed catalog: holds the API proxies, absent from the app list. */
export const DEFAULT_APP = "acme_backend";

/** Keeps only the listed API proxies on the default app (when the catalog has one). */
export function keepProxies(apps: CatalogApp[], actionIds: string[]): CatalogApp[] {
  const backend = apps.find((entry) => entry.app.slug === DEFAULT_APP);
  if (backend) backend.actions = backend.actions.filter((a) => actionIds.includes(a.action_id));
  return apps;
}

/**
 * The snapshot's app objects describe acme's connections (`connected_accounts[].identifier` such as
 * revops@acme.example); another account sees its own identifiers.
 */
export function connectedAs(apps: CatalogApp[], account: string): CatalogApp[] {
  for (const entry of apps) {
    const connected = entry.app.connected_accounts;
    if (!Array.isArray(connected)) continue;
    entry.app.connected_accounts = connected.map((c: unknown) =>
      c && typeof c === "object" && typeof (c as { identifier?: unknown }).identifier === "string"
        ? {
            ...c,
            identifier: (c as { identifier: string }).identifier.replace(
              /@.*$/,
              `@${account}.example`,
            ),
          }
        : c,
    );
  }
  return apps;
}

function globexCatalog(base: CatalogApp[]): CatalogApp[] {
  const apps = connectedAs(keepProxies(base, ["notify_backend"]), "globex");
  apps
    .find((entry) => entry.app.slug === DEFAULT_APP)
    ?.actions.push({
      action_id: "sync_renewal_date",
      name: "Sync Renewal Date",
      description: "API proxy: copies the contract renewal date into Acme's backend.",
      parameters: [
        {
          name: "company_id",
          label: "Company ID",
          required: true,
          type: "text",
          description: "The company in Acme's backend.",
        },
        {
          name: "renewal_date",
          label: "Renewal Date",
          required: true,
          type: "text",
          placeholder: "2027-01-31",
          description: "ISO date (YYYY-MM-DD).",
        },
        {
          name: "seats",
          label: "Seats",
          required: false,
          type: "number",
          description: "Seats in the renewed contract.",
        },
      ],
    });
  const hubspot = apps.find((entry) => entry.app.slug === "hubspot");
  if (!hubspot) return apps;
  const createContact = hubspot.actions.find((action) => action.action_id === "create_contact");
  if (createContact) {
    createContact.parameters = [
      ...(Array.isArray(createContact.parameters) ? createContact.parameters : []),
      {
        name: "globex_region",
        label: "Globex Region",
        required: false,
        type: "select",
        options: [
          { name: "EMEA", value: "emea" },
          { name: "Americas", value: "amer" },
          { name: "APAC", value: "apac" },
        ],
      },
    ];
  }
  return apps;
}

function initechCatalog(base: CatalogApp[]): CatalogApp[] {
  const apps = connectedAs(keepProxies(base, ["notify_backend"]), "initech");
  const hubspot = apps.find((entry) => entry.app.slug === "hubspot");
  if (hubspot) {
    // The app object reports the broken connection, as the documented optional fields allow.
    hubspot.app = {
      ...hubspot.app,
      connected: true,
      reauth_required: true,
      connected_accounts: [
        {
          identifier: "ops@initech.example",
          connectedAt: "2024-03-01T09:00:00.000Z",
          status: "expired",
        },
      ],
    };
  }
  return apps;
}

export function defaultAccounts(): Record<string, AccountSpec> {
  return {
    acme: {},
    globex: { catalog: globexCatalog },
    initech: { catalog: initechCatalog, connections: { hubspot: "expired" } },
  };
}
