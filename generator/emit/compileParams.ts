/**
 * Stage: compile. One json-schema-to-typescript call per app turns every action's params schema
 * into an exported interface (the first action is the root schema, the rest are definitions),
 * read back into interface models with the placeholder keys swapped for the escaped wire names.
 */
import { compile, type Options } from "json-schema-to-typescript";
import type { JSONSchema4 } from "json-schema";
import { printable } from "../core/diagnostics.js";
import { GenerationError } from "../core/errors.js";
import { propertyKey } from "../core/escape.js";
import { actionSchema } from "../model/fieldSchema.js";
import type { InterfaceModel, MemberModel } from "./emitApp.js";
import type { NamedApp } from "../core/model.js";

const OPTIONS: Partial<Options> = {
  bannerComment: "",
  format: false, // prettier runs once over the whole module later
  additionalProperties: false,
  unreachableDefinitions: true,
  declareExternallyReferenced: true,
  strictIndexSignatures: true,
  unknownAny: true,
  // Schemas are built locally and hold no $ref; this makes sure nothing is ever fetched or read.
  $refOptions: { resolve: { external: false, file: false, http: false } } as Options["$refOptions"],
};

/** The comment the compiler adds to every definition; it names only our own type names. */
const DEFINITION_NOTE =
  /\/\*\*\n \* This interface was referenced by `[A-Za-z0-9_$]+`'s JSON-Schema\n \* via the `definition` "[A-Za-z0-9_$]+"\.\n \*\/\n/g;

/** Interface models for every action's params, in the compiler's order. */
export async function compileParams(app: NamedApp): Promise<InterfaceModel[]> {
  const [first, ...rest] = app.actions;
  if (!first) return [];
  const root: JSONSchema4 = { ...actionSchema(first), $defs: {} };
  for (const action of rest) root.$defs[action.paramsTypeName] = actionSchema(action);
  let code: string;
  try {
    code = await compile(root, first.paramsTypeName, OPTIONS);
  } catch (error) {
    throw new GenerationError(
      "COMPILE_FAILED",
      `app ${printable(JSON.stringify(app.slug))}: json-schema-to-typescript failed: ${printable((error as Error).message)}`,
      { cause: error },
    );
  }
  return readInterfaces(code.replace(DEFINITION_NOTE, ""), app);
}

/**
 * Reads the compiler's output (unformatted: one declaration, property or doc line per line) into
 * the interface models the app module prints. Property keys come back as `__rf<N>__`
 * placeholders, which are swapped for each field's escaped key; anything else is a compiler
 * change this reader does not know, and fails the run rather than print something unchecked.
 */
function readInterfaces(code: string, app: NamedApp): InterfaceModel[] {
  const byTypeName = new Map(app.actions.map((a) => [a.paramsTypeName, a]));
  const fail = (what: string): never => {
    throw new GenerationError(
      "COMPILE_FAILED",
      `app ${printable(JSON.stringify(app.slug))}: unexpected json-schema-to-typescript output: ${printable(what)}.`,
    );
  };
  const interfaces: InterfaceModel[] = [];
  let current: { model: InterfaceModel; action: NamedApp["actions"][number] } | undefined;
  let doc: string[] | undefined;
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    if (line.startsWith("/**")) {
      doc = [];
      if (line.endsWith("*/") && line.length > 4) doc.push(line.slice(3, -2).trim());
      else {
        for (i++; i < lines.length && lines[i] !== " */"; i++)
          doc.push(lines[i]!.replace(/^ \* ?/, ""));
        if (i === lines.length) fail("an unclosed doc comment");
      }
      continue;
    }
    const head = /^export interface ([A-Za-z0-9_$]+) \{(\})?$/.exec(line);
    if (head && !current) {
      const action = byTypeName.get(head[1]!) ?? fail(`interface ${head[1]}`);
      const model: InterfaceModel = { name: head[1]!, members: [] };
      if (doc) model.doc = doc;
      doc = undefined;
      interfaces.push(model);
      if (!head[2]) current = { model, action };
      continue;
    }
    const property = /^__rf(\d+)__(\??): (.+?);?$/.exec(line);
    if (property && current) {
      const field = current.action.fields[Number(property[1])] ?? fail(line);
      const member: MemberModel = {
        key: propertyKey(field.wireName),
        optional: property[2] === "?",
        type: property[3]!,
      };
      if (doc) member.doc = doc;
      doc = undefined;
      current.model.members.push(member);
      continue;
    }
    if (line === "}" && current && !doc) {
      current = undefined;
      continue;
    }
    fail(line);
  }
  if (current || doc) fail("an unclosed interface");
  return interfaces;
}
