/**
 * Stage: compile. One json-schema-to-typescript call per app turns every action's params schema
 * into an exported interface (the first action is the root schema, the rest are definitions), then
 * the placeholder keys are swapped for the escaped wire names.
 */
import { compile, type Options } from "json-schema-to-typescript";
import type { JSONSchema4 } from "json-schema";
import { printable } from "./diagnostics.js";
import { GenerationError } from "./errors.js";
import { propertyKey } from "./escape.js";
import { actionSchema } from "./fieldSchema.js";
import type { NamedApp } from "./model.js";

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

/** Interface declarations for every action's params, as TypeScript source text. */
export async function compileParams(app: NamedApp): Promise<string> {
  const [first, ...rest] = app.actions;
  if (!first) return "";
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
  return tidy(restoreKeys(code.replace(DEFINITION_NOTE, ""), app));
}

/** One-line doc comments where they fit, and a blank line between declarations. */
function tidy(code: string): string {
  return code
    .replace(/\/\*\*\n \* ([^\n]*)\n \*\/\n/g, "/** $1 */\n")
    .replace(/^}\n(?=.)/gm, "}\n\n");
}

/**
 * Swaps `__rf<N>__` placeholders, which the compiler only ever prints at the start of a property
 * line, for each field's escaped key. Interfaces appear in action order, one per action.
 */
function restoreKeys(code: string, app: NamedApp): string {
  const byTypeName = new Map(app.actions.map((a) => [a.paramsTypeName, a]));
  let action: NamedApp["actions"][number] | undefined;
  return code.replace(
    /^export interface ([A-Za-z0-9_$]+) \{$|^__rf(\d+)__(\??):/gm,
    (match, typeName?: string, index?: string, optional?: string) => {
      if (typeName !== undefined) {
        action = byTypeName.get(typeName);
        if (!action)
          throw new GenerationError(
            "COMPILE_FAILED",
            `app ${printable(JSON.stringify(app.slug))}: unexpected interface ${typeName}.`,
          );
        return match;
      }
      const field = action?.fields[Number(index)];
      if (!field)
        throw new GenerationError(
          "COMPILE_FAILED",
          `app ${printable(JSON.stringify(app.slug))}: unexpected property placeholder in ${printable(match)}.`,
        );
      return `${propertyKey(field.wireName)}${optional}:`;
    },
  );
}
