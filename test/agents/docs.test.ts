// Reference docs (`generate --docs`): a snapshot of one page, byte-identical reruns, --check
// coverage, and hostile catalog text rendered by a CommonMark parser (raw HTML allowed, as GitHub
// does) without a single tag, link, heading or table cell it did not come from.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, describe, expect, it } from "vitest";
import { classifyCatalog } from "../../generator/model/classify.js";
import { emitDocs } from "../../generator/emit/emitDocs.js";
import { generate } from "../../generator/generate.js";
import { defaultOptions } from "../../generator/core/options.js";
import { HOSTILE_CASES } from "../fixtures/hostile/cases.js";
import { generateFrom, modelsOf, scratchDir } from "../hostile/helpers.js";

const dirs: string[] = [];
const scratch = (name: string) => {
  const dir = scratchDir(name);
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  const { rmSync } = await import("node:fs");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const bundled = (out: string, docs: boolean, mode: "write" | "check" = "write") =>
  generate({
    ...defaultOptions({}),
    out,
    offline: true,
    docs,
    mode,
    snapshotDir: "generated/schemas",
  });

describe("generate --docs", () => {
  it("writes one page per app, the same bytes every run; --check notices a stale page", async () => {
    const out = scratch("docs");
    const first = await bundled(out, true);
    const pages = [...first.files.keys()].filter((f) => f.startsWith("docs/"));
    const schemas = readdirSync("generated/schemas").filter((f) => f.endsWith(".json"));
    expect(pages).toEqual(schemas.map((f) => `docs/${f.slice(0, -5)}.md`).sort());
    expect(pages).toContain("docs/hubspot.md");
    const again = await generate({
      ...defaultOptions({}),
      out: scratch("docs2"),
      offline: true,
      docs: true,
      cache: false,
      snapshotDir: "generated/schemas",
    });
    for (const page of pages) expect(again.files.get(page)).toBe(first.files.get(page));
    await expect(bundled(out, true, "check")).resolves.toMatchObject({ changes: { modified: [] } });
    writeFileSync(path.join(out, "docs/hubspot.md"), "edited\n");
    const check = await bundled(out, true, "check");
    expect(check.changes.modified).toEqual(["docs/hubspot.md"]);
    // Without --docs the pages are not part of the output.
    const plain = await bundled(scratch("nodocs"), false);
    expect([...plain.files.keys()].some((f) => f.startsWith("docs/"))).toBe(false);
  }, 60_000);

  it("matches the snapshot (HubSpot)", async () => {
    const out = scratch("snap");
    await bundled(out, true);
    await expect(readFileSync(path.join(out, "docs/hubspot.md"), "utf8")).toMatchFileSnapshot(
      "__snapshots__/hubspot.md",
    );
  }, 60_000);
});

const md = new MarkdownIt({ html: true });
const ALLOWED_TAGS = new Set([
  "h1",
  "h2",
  "h3",
  "p",
  "code",
  "pre",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "strong",
  "br",
]);

/** Problems of a rendered page: foreign tags, or structure that is not the page's own. */
function audit(page: string): string[] {
  const html = md.render(page);
  const problems: string[] = [];
  for (const [, tag] of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g))
    if (!ALLOWED_TAGS.has(tag!.toLowerCase())) problems.push(`tag <${tag}>`);
  const count = (re: RegExp) => (html.match(re) ?? []).length;
  if (count(/<h1>/g) !== 1) problems.push(`${count(/<h1>/g)} h1`);
  if (count(/<h2>/g) !== 1) problems.push(`${count(/<h2>/g)} h2`);
  // One h3 and one example per action, plus the types block.
  const actions = (page.match(/^### /gm) ?? []).length;
  if (count(/<h3>/g) !== actions) problems.push(`${count(/<h3>/g)} h3`);
  if (count(/<pre>/g) !== actions + 1)
    problems.push(`${count(/<pre>/g)} code blocks for ${actions}`);
  // Every table row has exactly four cells.
  for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [])
    if ((row.match(/<t[hd][ >]/g) ?? []).length !== 4) problems.push(`row ${row.slice(0, 80)}`);
  return problems;
}

describe("hostile catalog text in the docs", () => {
  const EXTRA = {
    app: {
      slug: "evil",
      name: "<script>alert(1)</script> # Evil [x](javascript:alert(1)) ```",
      description:
        "1. list?\n\n---\n\n> quote <img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n\n$x$ @team ~~s~~ **b** ![i](x)",
    },
    actions: [
      {
        action_id: "run",
        name: "Run ``` <b>bold</b>",
        description: "```\n<iframe src=x>\n```",
        parameters: [
          {
            name: "a|b`c",
            type: "select",
            options: ["x|y", "```", "<u>"],
            label: "| col | <br> |\n===",
            help_text: "line1\n\n\n## heading\n- item",
          },
          {
            name: "html",
            type: "text",
            placeholder: "</code></pre><script>x</script>",
            required: true,
          },
        ],
      },
    ],
  };

  it("every ok hostile case renders with only the page's own structure", () => {
    const problems: string[] = [];
    for (const c of HOSTILE_CASES.filter((c) => c.expect === "ok"))
      for (const app of classifyCatalog(modelsOf(c.apps), {}).apps)
        for (const p of audit(emitDocs(app))) problems.push(`${c.id}/${app.fileName}: ${p}`);
    expect(problems).toEqual([]);
  });

  it("markup in names, descriptions, labels, options and placeholders stays text (full pipeline)", async () => {
    const result = await generateFrom([EXTRA], scratch("hostile"), { docs: true });
    const page = result.files.get("docs/evil.md")!;
    expect(audit(page)).toEqual([]);
    const html = md.render(page);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toMatch(/<(script|img|iframe|u|b|a)\b/);
    expect(html).not.toContain("href=");
  }, 60_000);
});
