// Thousands of concurrent calls across many accounts over one shared pool: every request carries
// its own account's headers and every caller gets its own answer.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createClient } from "../../templates/runtime/index.js";
import { appFactories, type TestApps } from "./helpers/apps.js";
import { json, startServer, type TestServer } from "./helpers/server.js";

interface Seen {
  account: string;
  email: string;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer((req, res, rec) => {
    const body = JSON.parse(rec.body) as { email: string };
    // Answer with what the server saw, after a jittered delay so responses interleave.
    setTimeout(
      () =>
        json(res, 200, {
          node_status: "Success",
          data: { account: req.headers["linked_account_id"], email: body.email },
        }),
      Math.random() * 5,
    );
  });
});
afterAll(() => server.close());

test("4000 concurrent calls over 200 accounts never mix headers or results", async () => {
  const client = createClient<TestApps>(
    { apiKey: "k", baseUrl: server.url, rateLimit: false, connections: 32 },
    appFactories,
  );
  const scoped = Array.from({ length: 200 }, (_, i) => client.forAccount(`acct_${i}`));
  const calls = Array.from({ length: 4000 }, (_, n) => {
    const i = n % 200;
    const email = `user${n}@acct${i}.test`;
    const promise =
      n % 3 === 0
        ? client.hubspot.createContact<Seen>({ email }, { linkedAccountId: `acct_${i}` })
        : scoped[i]!.hubspot.createContact<Seen>({ email });
    return promise.then((data) => ({ data, i, email }));
  });
  const results = await Promise.all(calls);
  for (const { data, i, email } of results) {
    expect(data.account).toBe(`acct_${i}`);
    expect(data.email).toBe(email);
  }
  expect(server.requests).toHaveLength(4000);
  for (const r of server.requests) {
    const email = (JSON.parse(r.body) as { email: string }).email;
    expect(email.endsWith(`@${String(r.headers["linked_account_id"]).replace("_", "")}.test`)).toBe(
      true,
    );
  }
  await client.close();
});
