// given/want table for the change report: each catalog change is breaking or additive.
import { describe, expect, it } from "vitest";
import { classifyCatalog } from "../../generator/model/classify.js";
import { nameCatalog } from "../../generator/model/names.js";
import { buildReport, formatReport } from "../../generator/output/report.js";
import { serializeAppSnapshot } from "../../generator/core/snapshot.js";

type Param = Record<string, unknown>;
const files = (apps: Record<string, Record<string, Param[]>>) =>
  new Map(
    Object.entries(apps).map(([slug, actions]) => [
      `schemas/${slug}.json`,
      serializeAppSnapshot({
        app: { slug },
        actions: Object.entries(actions).map(([action_id, parameters]) => ({
          action_id,
          parameters,
        })),
      }),
    ]),
  );

const email = { name: "email", type: "email" };
const stage = {
  name: "stage",
  type: "select",
  options: [
    { name: "A", value: "a" },
    { name: "B", value: "b" },
  ],
};

describe("change report", () => {
  const table: [
    string,
    Record<string, Record<string, Param[]>>,
    Record<string, Record<string, Param[]>>,
    [string, string][],
  ][] = [
    ["nothing changed", { crm: { create: [email] } }, { crm: { create: [email] } }, []],
    ["app added", {}, { crm: { create: [] } }, [["additive", "app-added"]]],
    ["app removed", { crm: { create: [] } }, {}, [["breaking", "app-removed"]]],
    ["action added", { crm: {} }, { crm: { create: [] } }, [["additive", "action-added"]]],
    ["action removed", { crm: { create: [] } }, { crm: {} }, [["breaking", "action-removed"]]],
    [
      "optional field added",
      { crm: { create: [] } },
      { crm: { create: [email] } },
      [["additive", "field-added"]],
    ],
    [
      "required field added",
      { crm: { create: [] } },
      { crm: { create: [{ ...email, required: true }] } },
      [["breaking", "required-field-added"]],
    ],
    [
      "field removed",
      { crm: { create: [email] } },
      { crm: { create: [] } },
      [["breaking", "field-removed"]],
    ],
    [
      "field became required",
      { crm: { create: [email] } },
      { crm: { create: [{ ...email, required: true }] } },
      [["breaking", "field-now-required"]],
    ],
    [
      "field became optional",
      { crm: { create: [{ ...email, required: true }] } },
      { crm: { create: [email] } },
      [["additive", "field-now-optional"]],
    ],
    [
      "type changed",
      { crm: { create: [email] } },
      { crm: { create: [{ ...email, type: "number" }] } },
      [["breaking", "field-type-changed"]],
    ],
    [
      "became multiple",
      { crm: { create: [email] } },
      { crm: { create: [{ ...email, multiple: true }] } },
      [["breaking", "field-type-changed"]],
    ],
    [
      "select option removed",
      { crm: { create: [stage] } },
      { crm: { create: [{ ...stage, options: [{ name: "A", value: "a" }] }] } },
      [["breaking", "options-removed"]],
    ],
    [
      "select option added",
      { crm: { create: [stage] } },
      { crm: { create: [{ ...stage, options: [...stage.options, { name: "C", value: "c" }] }] } },
      [["additive", "options-added"]],
    ],
  ];
  it.each(table)("%s", (_, before, after, want) => {
    const report = buildReport(files(before), files(after));
    expect(report.changes.map((c) => [c.severity, c.kind])).toEqual(want);
    expect(report.breaking).toBe(want.filter(([s]) => s === "breaking").length);
  });

  it("prints one readable line per change, breaking ones marked", () => {
    const report = buildReport(
      files({ crm: { create: [email] } }),
      files({ crm: { create: [{ ...email, required: true }] } }),
    );
    expect(formatReport(report)).toBe(
      'Catalog changes: 1 breaking, 0 additive\n  BREAKING  crm/create field "email": field-now-required',
    );
  });
});

describe("classify overrides", () => {
  it("a config override beats the verb", () => {
    const catalog = nameCatalog([
      {
        slug: "crm",
        name: "CRM",
        actions: [
          { actionId: "search_and_tag", name: "x", fields: [] },
          { actionId: "get_x", name: "y", fields: [] },
        ],
        snapshot: {} as never,
      },
    ]);
    const kinds = classifyCatalog(catalog, { "crm/get_x": "write" }).apps[0]!.actions.map((a) => [
      a.actionId,
      a.kind,
    ]);
    expect(kinds).toEqual([
      ["search_and_tag", "read"],
      ["get_x", "write"],
    ]);
  });
});
