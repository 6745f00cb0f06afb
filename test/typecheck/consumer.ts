// A consumer of the generated client. It must compile under strict settings, and every
// `@ts-expect-error` line must really be an error: the types reject wrong calls.
import {
  createMockRefold,
  createRefoldClient,
  parseRefoldWebhook,
  RefoldError,
  type JsonValue,
} from "../../generated/index.js";
import { hubspot } from "../../generated/apps/hubspot.js";
import type { HubspotCreateContactParams } from "../../generated/apps/hubspot.js";
import { createHubspotActions } from "../../generated/apps/hubspot.js";
import { createClient } from "../../generated/runtime/index.js";

export async function correctCalls(): Promise<void> {
  const refold = createRefoldClient({ apiKey: "tk_test" });
  const acme = refold.forAccount("user_12345");

  const created = await acme.hubspot.createContact({
    email: "jane@example.com",
    firstname: "Jane",
  });
  const unknownData: unknown = created;
  const page = await acme.hubspot.getContact({ limit: "1" });
  const everything = await acme.hubspot.getContact();
  await refold.slack.sendMessage({ channel: "C1", text: "hi" }, { linkedAccountId: "user_999" });
  await acme.hubspot.createCompany({
    name: "Acme",
    numberofemployees: "12",
    annualrevenue: 1_000_000,
  });
  await acme.hubspot.httprequest(
    { url_path: "/crm/v3/objects/contacts" },
    { timeoutMs: 5_000, retries: 1 },
  );
  // An API proxy (custom action) of the org's default app.
  await acme.acmeBackend.notifyBackend({ event: "contact.synced", payload: { id: 1 } });
  await acme.googleDrive.listFiles({ pageSize: 10 });

  // The data's shape can be named with a type argument...
  interface Contact {
    id: string;
    properties: Record<string, string>;
  }
  const contact = await acme.hubspot.createContact<Contact>({ email: "a@b.co" });
  const id: string = contact.id;
  // ...and the whole envelope is there on request.
  const envelope = await acme.hubspot.getContact<{ results: Contact[] }>(
    { limit: "1" },
    { envelope: true },
  );
  const status: string | undefined = envelope.node_status;
  const providerStatus: number | undefined = envelope.http_status;
  const results: Contact[] = envelope.data.results;

  // The params types are exported for application code.
  const params: HubspotCreateContactParams = { email: "x@y.z", associations: [{ to: { id: 1 } }] };
  await hubspot.createContact(params);

  const json: JsonValue = { nested: [1, "two", null, { ok: true }] };
  await acme.slack.sendMessage({ channel: "C1", blocks: json });

  try {
    await acme.hubspot.deleteContact({ contact_id: "1" });
  } catch (error) {
    if (error instanceof RefoldError) console.log(error.code);
  }
  void [unknownData, page, everything, id, status, providerStatus, results];
}

/** The README's testing and webhook example. */
export async function testingAndWebhooks(
  rawBody: string,
  headers: Record<string, string>,
): Promise<void> {
  const mock = createMockRefold();
  mock.stub("hubspot", "createContact", {
    match: { email: "jane@example.com" },
    data: { id: "501" },
  });
  await mock.client.forAccount("acme").hubspot.createContact({ email: "jane@example.com" });
  const calls = mock.callsTo("hubspot", "createContact");
  const email: string = calls[0]!.params.email;
  // @ts-expect-error a stub for a method the app does not have
  mock.stub("hubspot", "createBanana", { data: 1 });
  const event = parseRefoldWebhook(rawBody, headers["x-cobalt-signature"], "tk_test");
  if (event?.event === "Connection Expired") console.log(event.linked_account_id, event.slug);
  void email;
}

/** A client with only the apps it uses: the compiler never loads the other app modules. */
export async function pickedApps(): Promise<void> {
  const refold = createClient({ apiKey: "tk_test" }, { hubspot: createHubspotActions });
  await refold.forAccount("acme").hubspot.createContact({ email: "a@b.co" });
  // @ts-expect-error an app that was not picked
  await refold.forAccount("acme").slack.sendMessage({ channel: "C1" });
}

export async function wrongCalls(): Promise<void> {
  const acme = createRefoldClient({ apiKey: "tk_test" }).forAccount("user_12345");

  // @ts-expect-error a required field (email) is missing
  await acme.hubspot.createContact({ firstname: "Jane" });
  // @ts-expect-error a field has the wrong type
  await acme.hubspot.createContact({ email: 42 });
  // @ts-expect-error a select value that is not one of the options
  await acme.hubspot.updateContact({ contact_id: "1", lifecyclestage: "prospect" });
  // @ts-expect-error a number field given a non-numeric string
  await acme.hubspot.createCompany({ name: "Acme", numberofemployees: "twelve" });
  // @ts-expect-error a field the action does not have
  await acme.hubspot.createContact({ email: "a@b.co", favourite_colour: "blue" });
  // @ts-expect-error an unknown action
  await acme.hubspot.createBanana({ email: "a@b.co" });
  // @ts-expect-error an unknown app
  await acme.myspace.createContact({ email: "a@b.co" });
  // @ts-expect-error required params cannot be omitted
  await acme.slack.sendMessage();
  // @ts-expect-error a multiple field takes an array
  await acme.slack.addUsersToChannel({ channel: "C1", users: "U1" });
  // @ts-expect-error unknown call option
  await acme.hubspot.getContact({}, { retry: 3 });
}
