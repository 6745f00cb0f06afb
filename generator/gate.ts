/**
 * Stage: gate. The last line of defence against a missed escape: every emitted module is checked
 * before anything is written, and the run fails instead of shipping code when a check fails.
 *
 * 1. The text holds no raw control, line-separator, bidi, zero-width or lone-surrogate characters
 *    (they are only ever written as `\uXXXX` escapes or dropped from doc text).
 * 2. It parses cleanly with the TypeScript parser.
 * 3. Its top level holds only the expected kinds of statements: imports and re-exports of the
 *    generated modules, interfaces (property and index signatures only), type aliases, the known
 *    functions and the known `const`s, each declared once.
 * 4. Executable code is pinned down to the exact shapes the emitters write: a factory binds its
 *    `execute` parameter to a string-literal slug with an imported binder, then returns an object
 *    whose every property is that binder called with a string-literal action id and kind; a delegating
 *    function calls an imported function with its own parameters or known consts; a `const` calls a
 *    known function with imported names, or maps names to imported functions. No parameter has a
 *    default value, no property name is computed.
 * 5. For an app module (`gateAppModule`), the expectation is its model: the declared names, the
 *    interfaces, and the factory's slug, methods, action ids and kinds, in order.
 */
import { ts } from "ts-morph";
import { printable } from "./diagnostics.js";
import type { AppModule, SpecModel } from "./emitApp.js";
import { GenerationError } from "./errors.js";
import { UNSAFE_CHARACTER_CLASS } from "../templates/runtime/unsafeChars.js";

export interface GateExpectation {
  /** Exported functions the module may declare (by name). */
  functions: readonly string[];
  /** `const` declarations the module may declare (by name). */
  variables: readonly string[];
  /** The interfaces the module may declare, when known (an app module's model). */
  interfaces?: readonly string[];
  /** The factory's slug and specs, when known: its return object must hold exactly these. */
  factory?: { slug: string; specs: readonly SpecModel[] };
}

/** An app module, checked against its model. */
export function gateAppModule(fileName: string, code: string, module: AppModule): void {
  gate(fileName, code, {
    functions: [module.factory.name],
    variables: [module.instance.name],
    interfaces: [...module.params.map((p) => p.name), module.actions.name],
    factory: module.factory,
  });
}

/** Relative imports the generated modules use: the runtime entries (`app`, `all`) and app modules. */
const ALLOWED_SPECIFIER = /^\.\.?\/(?:runtime\/(?:app|all)|apps\/[a-z0-9_-]+)\.js$/;
/** What a metadata loader may import: an app's metadata module. */
const METADATA_SPECIFIER = /^\.\/apps\/[a-z0-9_-]+\.meta\.js$/;

/** Raw characters that never appear in emitted code: the shared unsafe class (tab, LF, CR are fine). */
const FORBIDDEN_CHARACTER = new RegExp(UNSAFE_CHARACTER_CLASS, "u");

interface Scope {
  expected: GateExpectation;
  /** Value names imported at the top level. */
  imported: Set<string>;
  /** Functions and consts already declared (each allowed name once). */
  declared: Set<string>;
}

export function gate(fileName: string, code: string, expected: GateExpectation): void {
  const source = parseChecked(fileName, code);
  const scope: Scope = { expected, imported: new Set(), declared: new Set() };
  for (const statement of source.statements) {
    const problem = checkStatement(statement, scope);
    if (problem)
      reject(
        fileName,
        `${problem} (line ${source.getLineAndCharacterOfPosition(statement.getStart()).line + 1})`,
      );
  }
}

/** Checks 1 and 2: no forbidden raw character, a clean parse. Returns the parsed file. */
export function parseChecked(fileName: string, code: string): ts.SourceFile {
  const bad = FORBIDDEN_CHARACTER.exec(code);
  if (bad) {
    const line = code.slice(0, bad.index).split("\n").length;
    const hex = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    reject(fileName, `it contains the raw character U+${hex} (line ${line})`);
  }
  // Doc comments are never executed, so their JSDoc structure is not parsed (the character check
  // above already covers their text).
  const source = ts.createSourceFile(
    fileName,
    code,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
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
  return source;
}

function checkStatement(node: ts.Statement, scope: Scope): string | undefined {
  if (ts.isImportDeclaration(node)) {
    if (!isAllowedSpecifier(node.moduleSpecifier) || node.attributes)
      return "an import of something other than a generated module";
    const clause = node.importClause;
    if (!clause) return undefined;
    if (clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings))
      return "an import that is not a list of named imports";
    for (const element of clause.namedBindings.elements)
      if (!clause.isTypeOnly && !element.isTypeOnly) scope.imported.add(element.name.text);
    return undefined;
  }
  if (ts.isExportDeclaration(node)) {
    return isAllowedSpecifier(node.moduleSpecifier) && !node.attributes
      ? undefined
      : "an export of something other than a generated module";
  }
  if (ts.isInterfaceDeclaration(node)) {
    const name = node.name.text;
    if (scope.expected.interfaces && !scope.expected.interfaces.includes(name))
      return `an unexpected interface ${printable(name)}`;
    return checkInterface(node);
  }
  if (ts.isTypeAliasDeclaration(node)) return undefined;
  if (ts.isFunctionDeclaration(node)) {
    const name = node.name?.text;
    if (!name || !scope.expected.functions.includes(name))
      return `an unexpected function ${printable(name ?? "(anonymous)")}`;
    if (scope.declared.has(name)) return `a second declaration of ${name}`;
    scope.declared.add(name);
    if (node.asteriskToken) return `function ${name}: a generator`;
    return checkParameters(name, node.parameters) ?? checkFunctionBody(name, node, scope);
  }
  if (ts.isVariableStatement(node)) {
    if ((node.declarationList.flags & ts.NodeFlags.BlockScoped) !== ts.NodeFlags.Const)
      return "a variable that is not const";
    for (const declaration of node.declarationList.declarations) {
      const name = ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
      if (!name || !scope.expected.variables.includes(name))
        return `an unexpected variable ${printable(name ?? "(pattern)")}`;
      if (scope.declared.has(name)) return `a second declaration of ${name}`;
      scope.declared.add(name);
      if (!declaration.initializer || !isSafeInitializer(declaration.initializer, scope))
        return `an unexpected initializer for ${name}`;
    }
    return undefined;
  }
  return `an unexpected ${ts.SyntaxKind[node.kind]} at top level`;
}

function isAllowedSpecifier(specifier: ts.Expression | undefined): boolean {
  return !!specifier && ts.isStringLiteral(specifier) && ALLOWED_SPECIFIER.test(specifier.text);
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

/** Plain identifier parameters: a default value or a destructuring pattern would run code. */
function checkParameters(
  owner: string,
  parameters: ts.NodeArray<ts.ParameterDeclaration>,
): string | undefined {
  for (const p of parameters) {
    if (!ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken)
      return `${owner}: a parameter that is not a plain name`;
  }
  return undefined;
}

const parameterNames = (parameters: ts.NodeArray<ts.ParameterDeclaration>) =>
  parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));

/**
 * A factory: `const action = bindApp(execute, "slug"); return { name: action("action_id", "read"), … };`
 * or a one-line delegation: `return createClient(options, apps);`.
 */
function checkFunctionBody(
  name: string,
  node: ts.FunctionDeclaration,
  scope: Scope,
): string | undefined {
  const body = node.body?.statements ?? [];
  const params = parameterNames(node.parameters);
  const returned = body.at(-1);
  if (!returned || !ts.isReturnStatement(returned) || !returned.expression)
    return `function ${name}: unexpected body`;
  const value = returned.expression;
  if (body.length === 1 && ts.isCallExpression(value)) {
    const ok =
      ts.isIdentifier(value.expression) &&
      scope.imported.has(value.expression.text) &&
      value.arguments.every(
        (a) =>
          ts.isIdentifier(a) &&
          (params.includes(a.text) || scope.expected.variables.includes(a.text)),
      );
    return ok ? undefined : `function ${name}: unexpected call`;
  }
  const binder =
    body.length === 2 && params.length === 1 ? bindingOf(body[0]!, params[0]!, scope) : undefined;
  if (!binder || !ts.isObjectLiteralExpression(value)) return `function ${name}: unexpected body`;
  const specs: SpecModel[] = [];
  for (const property of value.properties) {
    const spec =
      ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)
        ? actionSpec(property.name.text, property.initializer, binder.name)
        : undefined;
    if (!spec)
      return `function ${name}: unexpected member ${printable(property.name?.getText() ?? "")}`;
    specs.push(spec);
  }
  const want = scope.expected.factory;
  if (want && binder.slug !== want.slug) return `function ${name}: the slug is not the app's`;
  if (want && JSON.stringify(specs) !== JSON.stringify(want.specs.map(specKey)))
    return `function ${name}: its methods are not the app's actions`;
  return undefined;
}

/** A spec with its keys in one order, for comparison. */
const specKey = (s: SpecModel): SpecModel => ({
  method: s.method,
  actionId: s.actionId,
  kind: s.kind,
});

/** `const action = bindApp(execute, "slug");` → `action` and the slug, when the callee is imported and the slug a literal. */
function bindingOf(
  statement: ts.Statement,
  execute: string,
  scope: Scope,
): { name: string; slug: string } | undefined {
  if (!ts.isVariableStatement(statement)) return undefined;
  const list = statement.declarationList;
  const [declaration] = list.declarations;
  if (
    (list.flags & ts.NodeFlags.BlockScoped) !== ts.NodeFlags.Const ||
    list.declarations.length !== 1 ||
    !declaration
  )
    return undefined;
  const call = declaration.initializer;
  const [executeArg, slug] = call && ts.isCallExpression(call) ? call.arguments : [];
  const ok =
    ts.isIdentifier(declaration.name) &&
    !declaration.type &&
    !!call &&
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    scope.imported.has(call.expression.text) &&
    call.arguments.length === 2 &&
    !!executeArg &&
    ts.isIdentifier(executeArg) &&
    executeArg.text === execute &&
    !!slug &&
    ts.isStringLiteral(slug);
  return ok
    ? { name: (declaration.name as ts.Identifier).text, slug: (slug as ts.StringLiteral).text }
    : undefined;
}

/** `action("action_id", "read")`: the binder called with a string literal and the kind. */
function actionSpec(method: string, node: ts.Expression, binder: string): SpecModel | undefined {
  if (
    !ts.isCallExpression(node) ||
    !ts.isIdentifier(node.expression) ||
    node.expression.text !== binder
  )
    return undefined;
  const [actionId, kind] = node.arguments;
  return node.arguments.length === 2 &&
    !!actionId &&
    ts.isStringLiteral(actionId) &&
    !!kind &&
    ts.isStringLiteral(kind) &&
    (kind.text === "read" || kind.text === "write")
    ? { method, actionId: actionId.text, kind: kind.text }
    : undefined;
}

/** `createXActions(defaultExecute)` or an object literal mapping names to imported factories. */
function isSafeInitializer(node: ts.Expression, scope: Scope): boolean {
  if (ts.isCallExpression(node)) {
    return (
      ts.isIdentifier(node.expression) &&
      scope.expected.functions.includes(node.expression.text) &&
      node.arguments.every((a) => ts.isIdentifier(a) && scope.imported.has(a.text))
    );
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isMetadataLoader);
  if (ts.isObjectLiteralExpression(node)) {
    return node.properties.every(
      (p) =>
        ts.isPropertyAssignment(p) &&
        (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) &&
        ts.isIdentifier(p.initializer) &&
        scope.imported.has(p.initializer.text),
    );
  }
  return false;
}

/** `["slug", () => import("./apps/<file>.meta.js")]`: a metadata loader of the index. */
function isMetadataLoader(node: ts.Expression): boolean {
  if (!ts.isArrayLiteralExpression(node) || node.elements.length !== 2) return false;
  const [slug, loader] = node.elements;
  if (!slug || !ts.isStringLiteral(slug) || !loader || !ts.isArrowFunction(loader)) return false;
  const body = loader.body;
  return (
    loader.parameters.length === 0 &&
    !loader.typeParameters &&
    !loader.type &&
    !loader.modifiers?.length &&
    ts.isCallExpression(body) &&
    body.expression.kind === ts.SyntaxKind.ImportKeyword &&
    body.arguments.length === 1 &&
    ts.isStringLiteral(body.arguments[0]!) &&
    METADATA_SPECIFIER.test(body.arguments[0].text)
  );
}

export function reject(fileName: string, problem: string): never {
  throw new GenerationError(
    "GATE_REJECTED",
    `Refusing to write ${printable(fileName)}: ${problem}. This means a name or text from the catalog was not escaped; nothing was written. Please report it.`,
  );
}
