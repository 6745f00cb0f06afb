/**
 * Stage: gate (metadata modules). An `apps/<file>.meta.ts` must be exactly a type-only import of
 * `AppMetadata` from the runtime entry and `export const metadata: AppMetadata = JSON.parse("…")`
 * with one string literal, and that literal must decode to exactly the JSON text the generator
 * meant, byte for byte (so an escape that changed or leaked a single character fails the run).
 */
import type { ts as TS } from "ts-morph";
import { ts } from "./typescript.js";
import { APP_RUNTIME_ENTRY } from "../core/banner.js";
import { parseChecked, reject } from "./gate.js";

export function gateMetadata(fileName: string, code: string, expectedJson: string): void {
  const source = parseChecked(fileName, code);
  const [first, second, ...rest] = source.statements;
  if (!first || !isTypeImport(first) || !second || rest.length)
    reject(fileName, "it is not an import of AppMetadata followed by one const");
  const literal = metadataLiteral(second);
  if (literal === undefined)
    reject(
      fileName,
      "its const is not `export const metadata: AppMetadata = JSON.parse(<string>)`",
    );
  if (literal !== expectedJson)
    reject(fileName, "its string does not decode to the app's metadata JSON");
}

function isTypeImport(node: TS.Statement): boolean {
  if (!ts.isImportDeclaration(node) || node.attributes) return false;
  const clause = node.importClause;
  const named = clause?.namedBindings;
  return (
    ts.isStringLiteral(node.moduleSpecifier) &&
    node.moduleSpecifier.text === `../${APP_RUNTIME_ENTRY}` &&
    !!clause &&
    clause.isTypeOnly &&
    !clause.name &&
    !!named &&
    ts.isNamedImports(named) &&
    named.elements.length === 1 &&
    named.elements[0]!.name.text === "AppMetadata" &&
    !named.elements[0]!.propertyName
  );
}

/** The string of `export const metadata: AppMetadata = JSON.parse(<string>)`, or undefined. */
function metadataLiteral(node: TS.Statement): string | undefined {
  if (!ts.isVariableStatement(node)) return undefined;
  const modifiers = node.modifiers ?? [];
  const list = node.declarationList;
  const [declaration] = list.declarations;
  if (
    modifiers.length !== 1 ||
    modifiers[0]!.kind !== ts.SyntaxKind.ExportKeyword ||
    (list.flags & ts.NodeFlags.BlockScoped) !== ts.NodeFlags.Const ||
    list.declarations.length !== 1 ||
    !declaration ||
    !ts.isIdentifier(declaration.name) ||
    declaration.name.text !== "metadata" ||
    !declaration.type ||
    !ts.isTypeReferenceNode(declaration.type) ||
    !ts.isIdentifier(declaration.type.typeName) ||
    declaration.type.typeName.text !== "AppMetadata" ||
    declaration.type.typeArguments
  )
    return undefined;
  const call = declaration.initializer;
  if (
    !call ||
    !ts.isCallExpression(call) ||
    call.typeArguments ||
    call.arguments.length !== 1 ||
    !ts.isPropertyAccessExpression(call.expression) ||
    !ts.isIdentifier(call.expression.expression) ||
    call.expression.expression.text !== "JSON" ||
    call.expression.name.text !== "parse"
  )
    return undefined;
  const argument = call.arguments[0]!;
  return ts.isStringLiteral(argument) ? argument.text : undefined;
}
