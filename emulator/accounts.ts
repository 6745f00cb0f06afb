/**
 * The linked accounts the emulator knows by default. Schemas differ per account on Refold (custom
 * actions and fields), so each account derives its catalog from the base (= acme's) catalog:
 *
 * - `acme`: the committed snapshot exactly, with acme's API proxies (`custom_*` actions, e.g.
 *   hubspot/custom_upsert_company_by_domain, salesforce/custom_close_won_opportunity).
 * - `globex`: without acme's `custom_*` actions, plus its own hubspot/custom_sync_renewal_date and a
 *   custom select field `globex_region` on hubspot/create_contact.
 * - `initech`: no custom actions; its HubSpot connection has expired (execute answers a credential
 *   failure with `reauth_required: true`, and its hubspot app object says so).
 */
import type { AccountSpec, CatalogApp } from "./types.js";

export const DEFAULT_ACCOUNT = "acme";

/** Removes acme's API proxies (actions whose id starts with `custom_`). */
export function withoutCustomActions(apps: CatalogApp[]): CatalogApp[] {
  for (const entry of apps) {
    entry.actions = entry.actions.filter((action) => !action.action_id.startsWith("custom_"));
  }
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
  const apps = connectedAs(withoutCustomActions(base), "globex");
  const hubspot = apps.find((entry) => entry.app.slug === "hubspot") ?? apps[0];
  if (!hubspot) return apps;
  hubspot.actions.push({
    action_id: "custom_sync_renewal_date",
    name: "Sync Renewal Date",
    description: "Globex API proxy: copies the contract renewal date onto the company record.",
    parameters: [
      { name: "company_id", label: "Company ID", required: true, type: "text" },
      { name: "renewal_date", label: "Renewal Date", required: true, type: "date" },
      { name: "notify_owner", label: "Notify Owner", required: false, type: "boolean" },
    ],
  });
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
  const apps = connectedAs(withoutCustomActions(base), "initech");
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
