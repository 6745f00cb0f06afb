/**
 * Stage: gate. The last line of defence against a missed escape: every emitted module is parsed
 * with the TypeScript parser and refused unless it parses cleanly and its top level holds only the
 * expected kinds of declarations. Executable code is further pinned down: factories may only
 * return an object of arrows that call `execute` with string literals, and consts only call a
 * known factory. A failure here fails the run instead of shipping code.
 */
import { ts } from "ts-morph";
import { GenerationError } from "./errors.js";

export interface GateExpectation {
  /** Exported functions the module may declare (by name). */
  functions: readonly string[];
  /** `const` declarations the module may declare (by name). */
  variables: readonly string[];
}

export function gate(fileName: string, code: string, expected: GateExpectation): void {
  const source = ts.createSourceFile(
    fileName,
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const parseErrors = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  if (parseErrors.length)
    reject(
      fileName,
      `does not parse: ${ts.flattenDiagnosticMessageText(parseErrors[0]!.messageText, " ")}`,
    );
  for (const statement of source.statements) {
    const problem = checkStatement(statement, expected);
    if (problem)
      reject(
        fileName,
        `${problem} (line ${source.getLineAndCharacterOfPosition(statement.getStart()).line + 1})`,
      );
  }
}

function checkStatement(node: ts.Statement, expected: GateExpectation): string | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    const specifier = node.moduleSpecifier;
    if (
      !specifier ||
      !ts.isStringLiteral(specifier) ||
      !/^\.\.?\/[A-Za-z0-9_./-]+\.js$/.test(specifier.text)
    ) {
      return "an import or export of something other than a generated module";
    }
    return undefined;
  }
  if (ts.isInterfaceDeclaration(node)) return checkInterface(node);
  if (ts.isTypeAliasDeclaration(node)) return undefined;
  if (ts.isFunctionDeclaration(node)) {
    const name = node.name?.text;
    if (!name || !expected.functions.includes(name))
      return `an unexpected function ${name ?? "(anonymous)"}`;
    return checkFunctionBody(node);
  }
  if (ts.isVariableStatement(node)) {
    if (!(node.declarationList.flags & ts.NodeFlags.Const)) return "a variable that is not const";
    for (const declaration of node.declarationList.declarations) {
      const name = ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
      if (!name || !expected.variables.includes(name))
        return `an unexpected variable ${name ?? "(pattern)"}`;
      if (declaration.initializer && !isSafeInitializer(declaration.initializer, expected)) {
        return `an unexpected initializer for ${name}`;
      }
    }
    return undefined;
  }
  return `an unexpected ${ts.SyntaxKind[node.kind]} at top level`;
}

/** Interfaces are types only, but their members must still be plain declarations. */
function checkInterface(node: ts.InterfaceDeclaration): string | undefined {
  for (const member of node.members) {
    if (!ts.isPropertySignature(member) && !ts.isIndexSignatureDeclaration(member)) {
      return `an unexpected ${ts.SyntaxKind[member.kind]} in interface ${node.name.text}`;
    }
  }
  return undefined;
}

/** A factory: `return { name: (params, options) => execute("…", "…", params, {…}), … };` or a one-line delegation. */
function checkFunctionBody(node: ts.FunctionDeclaration): string | undefined {
  const body = node.body?.statements ?? [];
  const only = body[0];
  if (body.length !== 1 || !only || !ts.isReturnStatement(only) || !only.expression)
    return `function ${node.name?.text}: unexpected body`;
  const value = only.expression;
  if (ts.isCallExpression(value)) {
    return ts.isIdentifier(value.expression) && value.arguments.every(ts.isIdentifier)
      ? undefined
      : `function ${node.name?.text}: unexpected call`;
  }
  if (!ts.isObjectLiteralExpression(value))
    return `function ${node.name?.text}: unexpected return value`;
  for (const property of value.properties) {
    if (
      !ts.isPropertyAssignment(property) ||
      !ts.isIdentifier(property.name) ||
      !isExecuteArrow(property.initializer)
    ) {
      return `function ${node.name?.text}: unexpected member ${property.name?.getText() ?? ""}`;
    }
  }
  return undefined;
}

function isExecuteArrow(node: ts.Expression): boolean {
  if (!ts.isArrowFunction(node) || !ts.isCallExpression(node.body)) return false;
  const call = node.body;
  const [slug, action, params, options] = call.arguments;
  return (
    ts.isIdentifier(call.expression) &&
    call.expression.text === "execute" &&
    call.arguments.length === 4 &&
    !!slug &&
    ts.isStringLiteral(slug) &&
    !!action &&
    ts.isStringLiteral(action) &&
    !!params &&
    ts.isIdentifier(params) &&
    !!options &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.every(
      (p) =>
        ts.isSpreadAssignment(p) ||
        (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer)),
    )
  );
}

/** `createXActions(defaultExecute)` or an object literal mapping names to known factories. */
function isSafeInitializer(node: ts.Expression, expected: GateExpectation): boolean {
  if (ts.isCallExpression(node)) {
    return (
      ts.isIdentifier(node.expression) &&
      expected.functions.includes(node.expression.text) &&
      node.arguments.every(ts.isIdentifier)
    );
  }
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer),
    );
  }
  return false;
}

function reject(fileName: string, problem: string): never {
  throw new GenerationError(
    "GATE_REJECTED",
    `Refusing to write ${fileName}: ${problem}. This means a name or text from the catalog was not escaped; nothing was written. Please report it.`,
  );
}
