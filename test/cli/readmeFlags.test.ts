/**
 * The README's `generate` flag table is documentation of `GENERATE_FLAGS` (generator/cli/flags.ts),
 * the one table parsing and help come from: every flag appears once, with the default the help
 * text shows, and the README lists no flag the CLI lacks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATE_FLAGS } from "../../generator/cli/flags.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** Rows of the first table after the `## CLI` heading: flag name → default cell (backticks removed). */
function readmeFlagRows(): Map<string, string> {
  const section = readme.slice(readme.indexOf("\n## CLI\n"));
  const table = section.slice(section.indexOf("\n| flag |"));
  const rows = new Map<string, string>();
  for (const line of table.split("\n").slice(3)) {
    if (!line.startsWith("|")) break;
    const [flagCell = "", defaultCell = ""] = line
      .split("|")
      .slice(1)
      .map((c) => c.trim());
    const name = /--([a-z-]+)/.exec(flagCell)?.[1];
    if (name) rows.set(name, defaultCell.replaceAll("`", ""));
  }
  return rows;
}

describe("README › CLI flag table", () => {
  const rows = readmeFlagRows();

  it("lists exactly the flags the CLI parses", () => {
    expect([...rows.keys()].sort()).toEqual(GENERATE_FLAGS.map((f) => f.name).sort());
  });

  it.each(GENERATE_FLAGS.filter((f) => f.default !== undefined).map((f) => [f.name, f.default!]))(
    "--%s shows the default the help shows (%s)",
    (name, want) => {
      expect(rows.get(name)).toBe(want);
    },
  );
});
