/**
 * The org's default app: the API proxies (custom actions) defined in the Console under Settings >
 * Developer > API Proxies, as linked account `acme` sees them. The app list excludes this app, so
 * no app object is documented for it: the snapshot holds what the fetch records for an app it only
 * knows by slug, `{slug, name: slug}`.
 *
 * Field types are the Console's (Text, Email, Number, Textarea, URL, JSON), lower-cased as the
 * schema endpoint spells types. Each field carries the Console's Label, Placeholder, Description
 * and Mandatory (`required`). Action ids are snake_case here; how Refold derives an API proxy's
 * action_id from its name is not documented. No `httprequest`: the default app has no provider
 * whose auth it could inject (the docs do not say whether it lists one).
 */
import type { DefaultAppCatalog } from "./types.js";

export const DEFAULT_APP_SLUG = "acme_backend";

export const acme_backend: DefaultAppCatalog = {
  app: { slug: DEFAULT_APP_SLUG, name: DEFAULT_APP_SLUG },
  actions: [
    {
      name: "Notify Backend",
      action_id: "notify_backend",
      description: "API proxy: posts an event about this customer to Acme's own backend.",
      parameters: [
        {
          name: "event",
          label: "Event",
          required: true,
          type: "text",
          placeholder: "contact.synced",
          description: "Event name, dot-separated.",
        },
        {
          name: "contact_email",
          label: "Contact Email",
          required: false,
          type: "email",
          placeholder: "jane@example.com",
          description: "The contact the event is about, if any.",
        },
        {
          name: "payload",
          label: "Payload",
          required: false,
          type: "json",
          description: "Any JSON object; sent to the backend as is.",
        },
      ],
    },
    {
      name: "Sync Invoice",
      action_id: "sync_invoice",
      description: "API proxy: records an invoice in Acme's billing service.",
      parameters: [
        {
          name: "invoice_id",
          label: "Invoice ID",
          required: true,
          type: "text",
          placeholder: "INV-1001",
          description: "The invoice number in the customer's ERP.",
        },
        {
          name: "amount",
          label: "Amount",
          required: true,
          type: "number",
          placeholder: "1250.00",
          description: "Total in the invoice currency.",
        },
        {
          name: "notes",
          label: "Notes",
          required: false,
          type: "textarea",
          description: "Free text shown on the billing record.",
        },
        {
          name: "receipt_url",
          label: "Receipt URL",
          required: false,
          type: "url",
          placeholder: "https://billing.example.com/r/INV-1001",
          description: "Where the receipt can be downloaded.",
        },
      ],
    },
    {
      name: "Upsert Company by Domain",
      action_id: "upsert_company_by_domain",
      description:
        "API proxy: finds a company by its domain in Acme's backend and updates it, or creates it when none matches.",
      parameters: [
        {
          name: "domain",
          label: "Company Domain",
          required: true,
          type: "text",
          placeholder: "example.com",
          description: "The company's primary web domain, without scheme.",
        },
        {
          name: "name",
          label: "Company Name",
          required: false,
          type: "text",
          description: "Display name; kept when omitted.",
        },
        {
          name: "properties",
          label: "Company Properties",
          required: false,
          type: "json",
          description: "Other properties to set, by name.",
        },
      ],
    },
  ],
};
