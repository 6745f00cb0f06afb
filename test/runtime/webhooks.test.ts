import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  parseRefoldWebhook,
  verifyRefoldWebhook,
  type RefoldWebhookEvent,
} from "../../templates/runtime/all.js";

const KEY = "pk_webhook_key";
const body = JSON.stringify({
  linked_account_id: "acme",
  org_id: "org_1",
  environment: "production",
  type: "connection",
  event: "Connection Expired",
  slug: "hubspot",
  createdAt: "2025-01-01T00:00:00Z",
});
const sign = (raw: string | Buffer, key = KEY) =>
  createHmac("sha256", key).update(raw).digest("hex");

describe("verifyRefoldWebhook", () => {
  test("accepts the right signature (string, Buffer, upper-case, sha256= prefix, header array)", () => {
    const sig = sign(body);
    expect(verifyRefoldWebhook(body, sig, KEY)).toBe(true);
    expect(verifyRefoldWebhook(Buffer.from(body), sig, KEY)).toBe(true);
    expect(verifyRefoldWebhook(body, sig.toUpperCase(), KEY)).toBe(true);
    expect(verifyRefoldWebhook(body, `sha256=${sig}`, KEY)).toBe(true);
    expect(verifyRefoldWebhook(body, [sig], KEY)).toBe(true);
  });

  test("rejects a wrong key, a changed body, a truncated signature", () => {
    const sig = sign(body);
    expect(verifyRefoldWebhook(body, sig, "other")).toBe(false);
    expect(verifyRefoldWebhook(`${body} `, sig, KEY)).toBe(false);
    expect(verifyRefoldWebhook(body, sig.slice(0, 63), KEY)).toBe(false);
    expect(
      verifyRefoldWebhook(body, sig.slice(0, 62) + (sig.endsWith("0") ? "11" : "00"), KEY),
    ).toBe(false);
  });

  test("never throws on malformed input", () => {
    const inputs: unknown[] = [
      undefined,
      null,
      "",
      "zz",
      42,
      {},
      [],
      ["x", "y"],
      "g".repeat(64),
      "a".repeat(1e5),
    ];
    for (const header of inputs) {
      expect(verifyRefoldWebhook(body, header as string, KEY)).toBe(false);
      expect(verifyRefoldWebhook(null as unknown as string, header as string, KEY)).toBe(false);
      expect(verifyRefoldWebhook(body, sign(body), header as string)).toBe(header === KEY);
    }
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        (a, b, c) => verifyRefoldWebhook(a as string, b as string, c as string) === false || true,
      ),
    );
  });

  test("parseRefoldWebhook returns the typed event only when signed", () => {
    const event = parseRefoldWebhook(body, sign(body), KEY);
    expect(event?.event).toBe("Connection Expired");
    const typed: RefoldWebhookEvent | undefined = event;
    if (typed?.event === "Connection Expired") expect(typed.slug).toBe("hubspot");
    expect(parseRefoldWebhook(body, sign(body, "x"), KEY)).toBeUndefined();
    expect(parseRefoldWebhook("not json", sign("not json"), KEY)).toBeUndefined();
    expect(parseRefoldWebhook("[1]", sign("[1]"), KEY)).toBeUndefined();
  });
});
