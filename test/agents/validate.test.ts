// Opt-in param validation: given/want tables per field kind, the Standard Schema shape, and the
// client / mock / call paths (a rejected call never reaches the server).
import { describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/server.js";
import { useEmulatorClient } from "../helpers/emulatorClient.js";
import {
  createMockRefold,
  RefoldConfigurationError,
  RefoldValidationError,
  type RefoldClient,
} from "../../generated/index.js";
import {
  jsonPath,
  paramsIssues,
  paramsValidator,
  RefoldParamsError,
  type ActionMetadata,
  type FieldMetadata,
} from "../../templates/runtime/index.js";

const action = (fields: FieldMetadata[]): ActionMetadata => ({
  id: "act",
  method: "act",
  name: "Act",
  kind: "write",
  fields,
});
const field = (kind: FieldMetadata["kind"], extra: Partial<FieldMetadata> = {}): FieldMetadata => ({
  name: "f",
  type: kind,
  kind,
  ...extra,
});

/** [name, field, value of `f`, expected issues as "path: message" (empty = valid)] */
const TABLE: [string, FieldMetadata, unknown, string[]][] = [
  ["text accepts a string", field("string"), "x", []],
  ["text rejects a number", field("string"), 1, ["$.f: expected a string, got a number"]],
  ["text rejects null", field("string"), null, ["$.f: expected a string, got null"]],
  ["number accepts a number", field("number"), 2.5, []],
  ["number accepts a numeric string", field("number"), "1", []],
  ["number accepts an exponent string", field("number"), "1e3", []],
  [
    "number rejects a word",
    field("number"),
    "one",
    ["$.f: expected a number or numeric string, got a string"],
  ],
  [
    "number rejects the empty string",
    field("number"),
    "",
    ["$.f: expected a number or numeric string, got a string"],
  ],
  [
    "number rejects Infinity",
    field("number"),
    Infinity,
    ["$.f: expected a number or numeric string, got a number"],
  ],
  [
    "number rejects a boolean",
    field("number"),
    true,
    ["$.f: expected a number or numeric string, got a boolean"],
  ],
  ["boolean accepts false", field("boolean"), false, []],
  ["boolean rejects 'true'", field("boolean"), "true", ["$.f: expected a boolean, got a string"]],
  ["json accepts null", field("json"), null, []],
  ["json accepts nested data", field("json"), { a: [1, "b", { c: null }] }, []],
  [
    "json rejects a nested function",
    field("json"),
    { a: [() => 1] },
    ["$.f.a[0]: expected a JSON value, got a function"],
  ],
  [
    "json rejects a Date",
    field("json"),
    new Date(0),
    ["$.f: expected a JSON value, got a non-plain object"],
  ],
  ["json rejects NaN inside", field("json"), [NaN], ["$.f[0]: expected a finite number"]],
  ["object accepts a map", field("object"), { k: "v" }, []],
  ["object rejects an array", field("object"), ["v"], ["$.f: expected an object, got an array"]],
  ["unknown accepts anything", field("unknown"), Symbol("x"), []],
  ["select accepts an option", field("string", { options: ["a", "b"] }), "b", []],
  [
    "select rejects another string",
    field("string", { options: ["a", "b"] }),
    "c",
    ['$.f: expected one of "a", "b"'],
  ],
  [
    "select with number options rejects the string form",
    field("string", { options: [1, 2] }),
    "1",
    ["$.f: expected one of 1, 2"],
  ],
  ["select with boolean options", field("string", { options: [true] }), true, []],
  ["multiple accepts a list", field("string", { multiple: true }), ["a", "b"], []],
  ["multiple accepts an empty list", field("string", { multiple: true }), [], []],
  [
    "multiple rejects a bare value",
    field("string", { multiple: true }),
    "a",
    ["$.f: expected a list, got a string"],
  ],
  [
    "multiple checks each item",
    field("string", { multiple: true }),
    ["a", 2, null],
    ["$.f[1]: expected a string, got a number", "$.f[2]: expected a string, got null"],
  ],
  [
    "multiple select checks each item",
    field("string", { multiple: true, options: ["x"] }),
    ["x", "y"],
    ['$.f[1]: expected one of "x"'],
  ],
  [
    "multiple unknown still needs a list",
    field("unknown", { multiple: true }),
    1,
    ["$.f: expected a list, got a number"],
  ],
  ["optional undefined is fine", field("string"), undefined, []],
  [
    "required undefined is not",
    field("string", { required: true }),
    undefined,
    ["$.f: expected a string, got undefined"],
  ],
  [
    "required unknown accepts undefined when present",
    field("unknown", { required: true }),
    undefined,
    [],
  ],
];

const render = (issues: { path: readonly (string | number)[]; message: string }[]) =>
  issues.map((i) => `${jsonPath(i.path)}: ${i.message}`);

describe("paramsIssues per field kind", () => {
  it.each(TABLE)("%s", (_name, f, value, want) => {
    expect(render(paramsIssues(action([f]), { f: value }))).toEqual(want);
  });
});

describe("paramsIssues on the params object", () => {
  const fields = [
    field("string", { name: "email", required: true }),
    field("json", { name: "odd key" }),
  ];
  it.each([
    ["a missing required key", {}, ["$.email: required"]],
    ["an unknown key", { email: "a", extra: 1 }, ["$.extra: unknown parameter"]],
    [
      "a key that only exists on the prototype",
      Object.create({ email: "a" }),
      ["$: expected a params object, got a non-plain object"],
    ],
    [
      "an own __proto__ key",
      JSON.parse('{"email":"a","__proto__":1}'),
      ["$.__proto__: unknown parameter"],
    ],
    ["an array", [], ["$: expected a params object, got an array"]],
    ["undefined with a required field", undefined, ["$: expected a params object, got undefined"]],
    [
      "odd keys are quoted in the path",
      { email: "a", "odd key": [undefined] },
      ['$["odd key"][0]: expected a JSON value, got undefined'],
    ],
    [
      "every problem is listed",
      { extra: 1, "odd key": () => 1 },
      [
        "$.email: required",
        '$["odd key"]: expected a JSON value, got a function',
        "$.extra: unknown parameter",
      ],
    ],
  ] as [string, unknown, string[]][])("%s", (_name, params, want) => {
    expect(render(paramsIssues(action(fields), params))).toEqual(want);
  });

  it("undefined params are fine when no field is required", () => {
    expect(paramsIssues(action([field("string")]), undefined)).toEqual([]);
  });
});

describe("paramsValidator", () => {
  const a = action([field("string", { name: "email", required: true })]);
  it("implements Standard Schema v1", async () => {
    const v = paramsValidator(a);
    expect(v["~standard"]).toMatchObject({ version: 1, vendor: "refold" });
    expect(await v["~standard"].validate({ email: "x" })).toEqual({ value: { email: "x" } });
    expect(await v["~standard"].validate({})).toEqual({
      issues: [{ path: ["email"], message: "required" }],
    });
    expect(paramsValidator(a)).toBe(v);
  });
  it("check throws RefoldParamsError: a RefoldValidationError with code invalid_params and every issue", () => {
    let error: unknown;
    try {
      paramsValidator(a).check({ email: 1, x: 2 }, { slug: "hubspot" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RefoldParamsError);
    expect(error).toBeInstanceOf(RefoldValidationError);
    expect(error).toMatchObject({
      code: "invalid_params",
      slug: "hubspot",
      actionId: "act",
      mayHaveSucceeded: false,
      issues: [
        { path: ["email"], message: "expected a string, got a number" },
        { path: ["x"], message: "unknown parameter" },
      ],
    });
    expect((error as Error).message).toBe(
      "Invalid params for hubspot/act: $.email: expected a string, got a number; $.x: unknown parameter. Nothing was sent.",
    );
    expect(JSON.parse(JSON.stringify(error)).issues).toHaveLength(2);
  });
});

describe("validate: true against the emulator", () => {
  let emulator: Emulator;
  let plain: RefoldClient;
  let strict: RefoldClient;
  useEmulatorClient((started) => {
    ({ emulator, refold: plain } = started);
    strict = started.client({ validate: true });
  });

  it("a client with validate: true rejects bad params before any request", async () => {
    const acme = strict.forAccount("acme");
    // @ts-expect-error email is required (the type and the validator agree)
    const call = acme.hubspot.createContact({ firstname: "Jane" });
    await expect(call).rejects.toMatchObject({
      code: "invalid_params",
      issues: [{ path: ["email"], message: "required" }],
    });
    expect(emulator.requests).toHaveLength(0);
    await acme.hubspot.createContact({ email: "jane@example.com" });
    expect(emulator.requests).toHaveLength(1);
  });

  it("validate per call: true on a plain client, false on a strict one", async () => {
    const params = { email: 42 } as unknown as { email: string };
    await expect(
      plain.forAccount("acme").hubspot.createContact(params, { validate: true }),
    ).rejects.toBeInstanceOf(RefoldParamsError);
    expect(emulator.requests).toHaveLength(0);
    await plain
      .forAccount("acme")
      .hubspot.createContact(params)
      .catch(() => undefined);
    await strict
      .forAccount("acme")
      .hubspot.createContact(params, { validate: false })
      .catch(() => undefined);
    expect(emulator.requests).toHaveLength(2);
  });

  it("a select value outside the list and a non-numeric number string are caught", async () => {
    const deal = { dealname: "D", dealstage: "nope", amount: "ten" } as never;
    await expect(strict.forAccount("acme").hubspot.createDeal(deal)).rejects.toMatchObject({
      issues: [
        {
          path: ["dealstage"],
          message: expect.stringMatching(/^expected one of "appointmentscheduled"/),
        },
        { path: ["amount"], message: "expected a number or numeric string, got a string" },
      ],
    });
    expect(emulator.requests).toHaveLength(0);
  });

  it("an action outside the catalog cannot be validated: a configuration error, nothing sent", async () => {
    await expect(
      strict.forAccount("acme").execute("hubspot", "no_such_action", {}, { kind: "read" }),
    ).rejects.toBeInstanceOf(RefoldConfigurationError);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("the mock validates when asked", () => {
  it("validate: true rejects bad params before the stub; valid ones reach it", async () => {
    const mock = createMockRefold({ validate: true });
    mock.stub("hubspot", "createContact", { data: { id: "1" } });
    await expect(mock.client.hubspot.createContact({} as never)).rejects.toMatchObject({
      code: "invalid_params",
    });
    expect(mock.calls()).toHaveLength(0);
    await expect(mock.client.hubspot.createContact({ email: "a@b.co" })).resolves.toEqual({
      id: "1",
    });
    expect(mock.calls()).toHaveLength(1);
    await mock.close();
  });
  it("by default it does not", async () => {
    const mock = createMockRefold();
    mock.stub("hubspot", "createContact", { data: { id: "1" } });
    await expect(mock.client.hubspot.createContact({} as never)).resolves.toEqual({ id: "1" });
    await mock.close();
  });
});
