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
 * 4. Executable code is pinned down to the exact shapes the emitters write: a delegating function
 *    calls an imported function with its own parameters or known consts; a `const` calls a known
 *    function with imported names, or maps names to imported functions. No parameter has a
 *    default value, no property name is computed.
 * 5. An app module (`gateAppModule`) is checked against its model: the interfaces it declares, a
 *    spec table holding exactly the model's methods, wire action ids and kinds in order, a factory
 *    that is the imported builder called with the model's slug and that table, and the module-form
 *    const calling that factory with imported names.
 */
import type { ts as TS } from "ts-morph";
import { ts } from "./typescript.js";
import { printable } from "../core/diagnostics.js";
import type { AppModule, SpecModel } from "./emitApp.js";
import { GenerationError } from "../core/errors.js";
import { UNSAFE_CHARACTER_CLASS } from "../../templates/runtime/unsafeChars.js";

export interface GateExpectation {
  /** Exported functions the module may declare (by name). */
  functions: readonly string[];
  /** `const` declarations the module may declare (by name). */
  variables: readonly string[];
  /** The interfaces the module may declare, when known (an app module's model). */
  interfaces?: readonly string[];
  /** An app module's model: what its spec table, factory and module-form const must be. */
  app?: AppModule;
}

/** An app module, checked against its model. */
export function gateAppModule(fileName: string, code: string, module: AppModule): void {
  gate(fileName, code, {
    functions: [],
    variables: [module.specs.name, module.factory.name, module.instance.name],
    interfaces: [...module.params.map((p) => p.name), module.actions.name],
    app: module,
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
        `${problem} (line ${source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1})`,
      );
  }
}

/** Checks 1 and 2: no forbidden raw character, a clean parse. Returns the parsed file. */
export function parseChecked(fileName: string, code: string): TS.SourceFile {
  const bad = FORBIDDEN_CHARACTER.exec(code);
  if (bad) {
    const line = code.slice(0, bad.index).split("\n").length;
    const hex = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    reject(fileName, `it contains the raw character U+${hex} (line ${line})`);
  }
  // Doc comments are never executed, so their JSDoc structure is not parsed (the character check
  // above already covers their text). Nodes get no parent pointers (setting them is a third of the
  // parse): the checks walk down from the file, and pass it where a position or text is read.
  const source = ts.createSourceFile(
    fileName,
    code,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    ts.ScriptKind.TS,
  );
  const parseErrors = (source as unknown as { parseDiagnostics: readonly TS.Diagnostic[] })
    .parseDiagnostics;
  if (parseErrors.length)
    reject(
      fileName,
      `does not parse: ${ts.flattenDiagnosticMessageText(parseErrors[0]!.messageText, " ")}`,
    );
  return source;
}

function checkStatement(node: TS.Statement, scope: Scope): string | undefined {
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
      const problem = scope.expected.app
        ? checkAppConst(name, declaration.initializer, scope.expected.app, scope)
        : declaration.initializer && isSafeInitializer(declaration.initializer, scope)
          ? undefined
          : `an unexpected initializer for ${name}`;
      if (problem) return problem;
    }
    return undefined;
  }
  return `an unexpected ${ts.SyntaxKind[node.kind]} at top level`;
}

function isAllowedSpecifier(specifier: TS.Expression | undefined): boolean {
  return !!specifier && ts.isStringLiteral(specifier) && ALLOWED_SPECIFIER.test(specifier.text);
}

/** Interfaces are types only, but their members must still be plain declarations. */
function checkInterface(node: TS.InterfaceDeclaration): string | undefined {
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
  parameters: TS.NodeArray<TS.ParameterDeclaration>,
): string | undefined {
  for (const p of parameters) {
    if (!ts.isIdentifier(p.name) || p.initializer || p.dotDotDotToken)
      return `${owner}: a parameter that is not a plain name`;
  }
  return undefined;
}

const parameterNames = (parameters: TS.NodeArray<TS.ParameterDeclaration>) =>
  parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ""));

/** A one-line delegation: `return createClient(options, apps);`. */
function checkFunctionBody(
  name: string,
  node: TS.FunctionDeclaration,
  scope: Scope,
): string | undefined {
  const body = node.body?.statements ?? [];
  const params = parameterNames(node.parameters);
  const [returned] = body;
  const value = returned && ts.isReturnStatement(returned) ? returned.expression : undefined;
  const ok =
    body.length === 1 &&
    !!value &&
    ts.isCallExpression(value) &&
    ts.isIdentifier(value.expression) &&
    scope.imported.has(value.expression.text) &&
    value.arguments.every(
      (a) =>
        ts.isIdentifier(a) &&
        (params.includes(a.text) || scope.expected.variables.includes(a.text)),
    );
  return ok ? undefined : `function ${name}: unexpected body`;
}

/** The spec table, factory and module-form const of an app module, each exactly as its model says. */
function checkAppConst(
  name: string,
  node: TS.Expression | undefined,
  app: AppModule,
  scope: Scope,
): string | undefined {
  if (!node) return `${name}: no initializer`;
  if (name === app.specs.name) {
    const specs = specTable(node);
    if (!specs) return `${name}: not a table of ["action_id", "read" | "write"] specs`;
    const want = app.specs.entries.map((e) => [e.method, e.actionId, e.kind]);
    return JSON.stringify(specs) === JSON.stringify(want)
      ? undefined
      : `${name}: its methods are not the app's actions`;
  }
  const call = ts.isCallExpression(node) ? node : undefined;
  const callee = call && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
  if (!call || !callee) return `an unexpected initializer for ${name}`;
  if (name === app.factory.name) {
    const [slug, table] = call.arguments;
    if (
      !scope.imported.has(callee) ||
      call.arguments.length !== 2 ||
      !slug ||
      !ts.isStringLiteral(slug) ||
      !table ||
      !ts.isIdentifier(table) ||
      table.text !== app.specs.name ||
      !scope.declared.has(table.text)
    )
      return `${name}: not the imported builder called with the slug and the spec table`;
    return slug.text === app.factory.slug ? undefined : `${name}: the slug is not the app's`;
  }
  const ok =
    callee === app.factory.name &&
    scope.declared.has(callee) &&
    call.arguments.every((a) => ts.isIdentifier(a) && scope.imported.has(a.text));
  return ok ? undefined : `an unexpected initializer for ${name}`;
}

/** `{ method: ["action_id", "read"], … }` → `[method, actionId, kind][]`, or undefined for any other shape. */
function specTable(node: TS.Expression): [string, string, SpecModel["kind"]][] | undefined {
  if (!ts.isObjectLiteralExpression(node)) return undefined;
  const specs: [string, string, SpecModel["kind"]][] = [];
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) return undefined;
    const value = property.initializer;
    if (!ts.isArrayLiteralExpression(value) || value.elements.length !== 2) return undefined;
    const [actionId, kind] = value.elements;
    if (!actionId || !ts.isStringLiteral(actionId) || !kind || !ts.isStringLiteral(kind))
      return undefined;
    if (kind.text !== "read" && kind.text !== "write") return undefined;
    specs.push([property.name.text, actionId.text, kind.text]);
  }
  return specs;
}

/** A call of a known function with imported names, an object literal mapping names to imported factories, or metadata loaders. */
function isSafeInitializer(node: TS.Expression, scope: Scope): boolean {
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
function isMetadataLoader(node: TS.Expression): boolean {
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
