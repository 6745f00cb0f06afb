/**
 * Stage: compile. One json-schema-to-typescript call per app turns every action's params schema
 * into an exported interface (the first action is the root schema, the rest are definitions),
 * read back into interface models with the placeholder keys swapped for the escaped wire names.
 * Interfaces compiled by earlier runs are reused by the hash of their schema (`paramsCache.ts`).
 */
import type { Options } from "json-schema-to-typescript";
import { compile } from "./jsonSchemaToTs.js";
import { sha256 } from "../core/hash.js";
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

/**
 * An action's params interface as the compiler wrote it, with members by field index (the
 * placeholder keys): what `paramsCache.ts` keeps between runs, keyed by the action's schema hash.
 */
export interface CompiledInterface {
  name: string;
  doc?: string[];
  members: { field: number; optional: boolean; type: string; doc?: string[] }[];
}

/**
 * The compiled params of one app's actions kept from earlier runs (by schema hash), and where to
 * keep this compile's (see `paramsCache.ts`).
 */
export interface AppParamsCache {
  known: ReadonlyMap<string, CompiledInterface>;
  save(compiled: ReadonlyMap<string, CompiledInterface>): void;
}

/**
 * Interface models for every action's params, in action order. Actions whose schema the cache
 * has compiled before are not compiled again: a regeneration after one action changed compiles
 * that one.
 */
export async function compileParams(
  app: NamedApp,
  cache?: AppParamsCache,
): Promise<InterfaceModel[]> {
  const schemas = app.actions.map(actionSchema);
  // Hashed only to look up and keep compiled interfaces: without a cache, nothing is.
  const hashes = cache ? schemas.map((schema) => sha256(JSON.stringify(schema))) : [];
  const cached = (i: number) => {
    const known = cache?.known.get(hashes[i]!);
    return known && fitsAction(known, app.actions[i]!) ? known : undefined;
  };
  const missing = app.actions.flatMap((_, i) => (cached(i) ? [] : [i]));
  const compiled = new Map<string, CompiledInterface>();
  if (missing.length)
    for (const c of await compileSchemas(
      missing.map((i) => schemas[i]!),
      app,
    ))
      compiled.set(c.name, c);
  const result = app.actions.map(
    (action, i) =>
      cached(i) ??
      compiled.get(action.paramsTypeName) ??
      unexpected(app, `no interface ${action.paramsTypeName}`),
  );
  cache?.save(new Map(hashes.map((hash, i) => [hash, result[i]!])));
  return result.map((c, i) => interfaceModel(c, app.actions[i]!));
}

/** One compiler call: the first schema is the root, the rest are definitions. */
async function compileSchemas(schemas: JSONSchema4[], app: NamedApp): Promise<CompiledInterface[]> {
  const [first, ...rest] = schemas;
  const root: JSONSchema4 = { ...first, $defs: {} };
  for (const schema of rest) root.$defs[schema.title!] = schema;
  let code: string;
  try {
    code = await compile(root, first!.title!, OPTIONS);
  } catch (error) {
    throw new GenerationError(
      "COMPILE_FAILED",
      `app ${printable(JSON.stringify(app.slug))}: json-schema-to-typescript failed: ${printable((error as Error).message)}`,
      { cause: error },
    );
  }
  return readCompiled(code.replace(DEFINITION_NOTE, ""), app);
}

/** A cached interface fits the action when every member is one of its fields (else it is compiled). */
function fitsAction(c: CompiledInterface, action: NamedApp["actions"][number]): boolean {
  return c.name === action.paramsTypeName && c.members.every((m) => m.field < action.fields.length);
}

/** The printed model: placeholder indices swapped for each field's escaped key. */
function interfaceModel(c: CompiledInterface, action: NamedApp["actions"][number]): InterfaceModel {
  const model: InterfaceModel = {
    name: c.name,
    members: c.members.map((m) => {
      const member: MemberModel = {
        key: propertyKey(action.fields[m.field]!.wireName),
        optional: m.optional,
        type: m.type,
      };
      if (m.doc) member.doc = m.doc;
      return member;
    }),
  };
  if (c.doc) model.doc = c.doc;
  return model;
}

function unexpected(app: NamedApp, what: string): never {
  throw new GenerationError(
    "COMPILE_FAILED",
    `app ${printable(JSON.stringify(app.slug))}: unexpected json-schema-to-typescript output: ${printable(what)}.`,
  );
}

/**
 * Reads the compiler's output (unformatted: one declaration, property or doc line per line) into
 * compiled interfaces. Property keys come back as `__rf<N>__` placeholders for the fields they
 * stand for; anything else is a compiler change this reader does not know, and fails the run
 * rather than print something unchecked.
 */
function readCompiled(code: string, app: NamedApp): CompiledInterface[] {
  const byTypeName = new Map(app.actions.map((a) => [a.paramsTypeName, a]));
  const fail = (what: string): never => unexpected(app, what);
  const interfaces: CompiledInterface[] = [];
  let current: { model: CompiledInterface; action: NamedApp["actions"][number] } | undefined;
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
      const model: CompiledInterface = { name: head[1]!, members: [] };
      if (doc) model.doc = doc;
      doc = undefined;
      interfaces.push(model);
      if (!head[2]) current = { model, action };
      continue;
    }
    const property = /^__rf(\d+)__(\??): (.+?);?$/.exec(line);
    if (property && current) {
      const field = Number(property[1]);
      if (current.action.fields[field] === undefined) fail(line);
      const member: CompiledInterface["members"][number] = {
        field,
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
