// Printable terminal output: every remote string in a message goes through the one printable
// escape, so no ESC/OSC sequence, C1 control, bidi override or invisible character reaches a
// terminal raw. Each row provokes a real message and checks it holds no such character.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { failureError } from "../../generator/source/fetch/messages.js";
import { appObject, segment } from "../../generator/source/fetch/shapes.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions } from "../../generator/core/options.js";
import { UNSAFE_CHARACTER_CLASS } from "../../templates/runtime/unsafeChars.js";
import { scratchDir } from "./helpers.js";

const dir = scratchDir("messages");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Anything a terminal would act on or hide: the shared class plus CR (LF may separate lines). */
const RAW = new RegExp(`${UNSAFE_CHARACTER_CLASS}|\\r`, "u");
const HOSTILE = "crm\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\u{e0001}\u00ad";

async function messageOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a failure");
}

function snapshotDir(name: string, files: Record<string, string>): string {
  const snapshots = path.join(dir, name);
  mkdirSync(snapshots, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(snapshots, file), text);
  return snapshots;
}

const offline = (snapshots: string, apps?: string[]) =>
  generate({
    ...defaultOptions({}),
    out: path.join(snapshots, "out"),
    offline: true,
    snapshotDir: snapshots,
    apps,
  });

describe("messages quote remote text through printable", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "--apps: the unknown slug and the Known list",
      () =>
        offline(
          snapshotDir("apps", {
            "a.json": JSON.stringify({ app: { slug: HOSTILE }, actions: [] }),
          }),
          [`nope${HOSTILE}`],
        ),
      /Unknown app slug in --apps: nope.*Known: crm\\u\{1b\}\]0;pwned/,
    ],
    [
      "a snapshot that is not JSON",
      () => offline(snapshotDir("json", { "x.json": `{"app": ${HOSTILE}` })),
      /x\.json is not valid JSON/,
    ],
    [
      "a slug that is not a URL segment",
      () =>
        offline(
          snapshotDir("slug", { "x.json": JSON.stringify({ app: { slug: `${HOSTILE}\ud800` } }) }),
        ),
      /cannot be a URL path segment/,
    ],
    [
      "live: unknown app slug (404)",
      () => {
        throw failureError(
          { kind: "status", url: "http://127.0.0.1/x", attempts: 1, status: 404 },
          { endpoint: "get-app", slug: HOSTILE },
          { credential: "API key", variable: "REFOLD_API_KEY" },
        );
      },
      /Unknown app slug "crm\\u001b\]0;pwned\\u0007\\u001b\[2J\\u\{9b\}31m\\u\{202e\}evil/,
    ],
    [
      "live: unknown action (404)",
      () => {
        throw failureError(
          { kind: "status", url: "http://127.0.0.1/x", attempts: 1, status: 404 },
          { endpoint: "get-action", slug: "crm", actionId: HOSTILE },
          { credential: "API key", variable: "REFOLD_API_KEY" },
        );
      },
      /Action "crm\/crm/,
    ],
    [
      "live: an app object naming another slug",
      () =>
        appObject(
          { value: { slug: HOSTILE }, url: "http://127.0.0.1/x", contentType: "json", preview: "" },
          "crm",
        ),
      /it named "crm/,
    ],
    ["live: a lone surrogate in an id", () => segment(`${HOSTILE}\ud800`), /not valid Unicode/],
  ];
  it.each(cases)("%s", async (_, run, want) => {
    const message = await messageOf(run);
    expect(message).toMatch(want);
    expect(message).not.toMatch(RAW);
  });
});
