/**
 * A tiny in-memory HubSpot (CRM v3 contacts), answering in HubSpot's native shapes:
 * contacts `{id, properties, createdAt, updatedAt, archived}`, pages `{results, paging:{next:{after}}}`,
 * errors `{status:"error", message, correlationId, category}`.
 */
import { randomUUID } from "node:crypto";
import {
  intParam,
  objectParam,
  strParam,
  type Provider,
  type ProviderCall,
  type ProviderResult,
} from "./types.js";

interface Contact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: false;
}

interface HubSpotState {
  nextId: number;
  contacts: Map<string, Contact>;
}

/** Parameters that are not contact properties. */
const NOT_PROPERTIES = new Set([
  "contact_id",
  "contactId",
  "id",
  "associations",
  "additional_fields",
  "limit",
  "after",
  "properties",
]);

function hubspotError(status: number, message: string, category: string): ProviderResult {
  return { status, data: { status: "error", message, correlationId: randomUUID(), category } };
}

function contactId(params: Record<string, unknown>): string | undefined {
  return strParam(params.contact_id) ?? strParam(params.contactId) ?? strParam(params.id);
}

/** Property values from the params: plain fields plus the `additional_fields` object, as strings. */
function propertiesFrom(params: Record<string, unknown>): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (NOT_PROPERTIES.has(key) || value === undefined || value === null) continue;
    props[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(objectParam(params.additional_fields) ?? {})) {
    if (value !== undefined && value !== null)
      props[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return props;
}

function notFound(id: string): ProviderResult {
  return hubspotError(404, `resource not found: contact ${id}`, "OBJECT_NOT_FOUND");
}

function sorted(state: HubSpotState): Contact[] {
  return [...state.contacts.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/** One page in HubSpot's form; `after` is the id the next page starts at. */
function page(
  contacts: Contact[],
  params: Record<string, unknown>,
): { results: Contact[]; paging?: unknown } {
  const limit = intParam(params.limit, 10, 100);
  const after = strParam(params.after);
  const start =
    after === undefined ? contacts : contacts.filter((c) => Number(c.id) >= Number(after));
  const results = start.slice(0, limit);
  const next = start[limit];
  if (!next) return { results };
  return {
    results,
    paging: {
      next: {
        after: next.id,
        link: `https://api.hubapi.com/crm/v3/objects/contacts?after=${next.id}`,
      },
    },
  };
}

function createContact({ params, state, now }: ProviderCall): ProviderResult {
  const s = state as HubSpotState;
  const props = propertiesFrom(params);
  const email = props.email?.toLowerCase();
  const existing = email && sorted(s).find((c) => c.properties.email?.toLowerCase() === email);
  if (existing)
    return hubspotError(409, `Contact already exists. Existing ID: ${existing.id}`, "CONFLICT");
  const id = String(s.nextId++);
  const at = new Date(now()).toISOString();
  const contact: Contact = {
    id,
    properties: { ...props, createdate: at, hs_object_id: id, lastmodifieddate: at },
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
  s.contacts.set(id, contact);
  return { status: 201, data: contact };
}

function getContact({ params, state }: ProviderCall): ProviderResult {
  const s = state as HubSpotState;
  const id = contactId(params);
  if (id === undefined) return { status: 200, data: page(sorted(s), params) };
  const contact = s.contacts.get(id);
  return contact ? { status: 200, data: contact } : notFound(id);
}

function updateContact({ params, state, now }: ProviderCall): ProviderResult {
  const s = state as HubSpotState;
  const id = contactId(params);
  if (id === undefined) return hubspotError(400, "contact_id is required", "VALIDATION_ERROR");
  const contact = s.contacts.get(id);
  if (!contact) return notFound(id);
  const at = new Date(now()).toISOString();
  Object.assign(contact.properties, propertiesFrom(params), { lastmodifieddate: at });
  contact.updatedAt = at;
  return { status: 200, data: contact };
}

function searchContacts({ params, state }: ProviderCall): ProviderResult {
  const s = state as HubSpotState;
  const query = strParam(params.query)?.toLowerCase();
  const email = strParam(params.email)?.toLowerCase();
  const groups = Array.isArray(params.filterGroups)
    ? (params.filterGroups as { filters?: unknown }[])
    : [];
  const matching = sorted(s).filter((c) => {
    const p = c.properties;
    if (email && p.email?.toLowerCase() !== email) return false;
    if (query && ![p.email, p.firstname, p.lastname].some((v) => v?.toLowerCase().includes(query)))
      return false;
    // filterGroups are ORed; the filters inside one group are ANDed (EQ only).
    if (groups.length > 0) {
      return groups.some((g) =>
        (Array.isArray(g?.filters) ? g.filters : []).every(
          (f: { propertyName?: string; value?: unknown }) =>
            p[String(f?.propertyName)] === String(f?.value),
        ),
      );
    }
    return true;
  });
  return { status: 200, data: { total: matching.length, ...page(matching, params) } };
}

function deleteContact({ params, state }: ProviderCall): ProviderResult {
  const id = contactId(params);
  if (id !== undefined) (state as HubSpotState).contacts.delete(id);
  // HubSpot archives with 204 No Content, also for an id it does not know.
  return { status: 204, data: null };
}

export const hubspot: Provider = {
  createState: (): HubSpotState => ({ nextId: 1001, contacts: new Map() }),
  actions: {
    create_contact: createContact,
    get_contact: getContact,
    update_contact: updateContact,
    search_contacts: searchContacts,
    delete_contact: deleteContact,
  },
};
