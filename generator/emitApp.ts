/**
 * Stage: emit (app module). Builds `apps/<file>.ts` with ts-morph from structures, in one
 * `createSourceFile` call: the params interfaces compiled by `compileParams`, the app's actions
 * interface (one documented property per action), the factory whose methods each hand a small spec
 * to the one executor, and the module-form export bound to the default executor.
 */
import {
  StructureKind,
  VariableDeclarationKind,
  type Project,
  type StatementStructures,
  type WriterFunction,
} from "ts-morph";
import { APP_RUNTIME_ENTRY, BANNER } from "./banner.js";
import { docCode, docText, stringLiteral } from "./escape.js";
import { hasRequiredFields } from "./fieldSchema.js";
import type { ActionModel, NamedApp } from "./model.js";

/** The names an app module declares at top level (checked by the gate). */
export function appModuleNames(app: NamedApp): { functions: string[]; variables: string[] } {
  return { functions: [factoryName(app)], variables: [app.propertyName] };
}

export const factoryName = (app: NamedApp) => `create${app.typeName}Actions`;
export const actionsTypeName = (app: NamedApp) => `${app.typeName}Actions`;

export function emitApp(project: Project, app: NamedApp, paramsCode: string): string {
  const statements: (string | WriterFunction | StatementStructures)[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: "../" + APP_RUNTIME_ENTRY,
      namedImports: runtimeImports(app, paramsCode),
    },
  ];
  if (paramsCode) statements.push((writer) => writer.blankLine().write(paramsCode));
  statements.push(
    {
      kind: StructureKind.Interface,
      name: actionsTypeName(app),
      isExported: true,
      docs: [appDoc(app)],
      properties: app.actions.map((action) => ({
        name: action.methodName,
        type: `${hasRequiredFields(action) ? "Action" : "ActionWithOptionalParams"}<${action.paramsTypeName}>`,
        docs: [actionDoc(app, action)],
      })),
    },
    {
      kind: StructureKind.Function,
      name: factoryName(app),
      isExported: true,
      docs: [
        `Binds ${docText(app.name)}'s actions to an execute function (\`createRefoldClient\` does this per client).`,
      ],
      parameters: [{ name: "execute", type: "Execute" }],
      returnType: actionsTypeName(app),
      statements: [factoryBody(app)],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        `${docText(app.name)} actions on the default executor, configured from the environment or \`configureRefold\`.`,
      ],
      declarations: [
        {
          name: app.propertyName,
          type: actionsTypeName(app),
          initializer: `${factoryName(app)}(defaultExecute)`,
        },
      ],
    },
  );
  const file = project.createSourceFile(
    `/apps/${app.fileName}.ts`,
    { statements },
    { overwrite: true },
  );
  const text = `${BANNER}\n${file.getFullText()}`;
  project.removeSourceFile(file);
  return text;
}

function runtimeImports(app: NamedApp, paramsCode: string) {
  const types = new Set(["Execute"]);
  for (const action of app.actions)
    types.add(hasRequiredFields(action) ? "Action" : "ActionWithOptionalParams");
  if (/\bJsonValue\b/.test(paramsCode)) types.add("JsonValue");
  return [
    { name: "bindApp" },
    { name: "defaultExecute" },
    ...[...types].sort().map((name) => ({ name, isTypeOnly: true })),
  ];
}

/**
 * `const action = bindApp(execute, "slug"); return { method: action("action_id", "write"), … };`
 * Each method is one line handing a small spec (wire action id, read or write) to the executor.
 */
function factoryBody(app: NamedApp): WriterFunction {
  return (writer) => {
    writer.writeLine(`const action = bindApp(execute, ${stringLiteral(app.slug)});`);
    writer.write("return ").inlineBlock(() => {
      for (const action of app.actions) {
        writer.writeLine(
          `${action.methodName}: action(${stringLiteral(action.actionId)}, "${action.kind}"),`,
        );
      }
    });
    writer.write(";");
  };
}

function appDoc(app: NamedApp): string {
  const lines = [
    `${docText(app.name)} (${docCode(app.slug)}): ${app.actions.length} action${app.actions.length === 1 ? "" : "s"}.`,
  ];
  if (app.description) lines.push("", docText(app.description));
  return lines.join("\n");
}

function actionDoc(app: NamedApp, action: ActionModel): string {
  const effect =
    action.kind === "write"
      ? "Write: changes data in the connected app."
      : "Read: does not change data in the connected app.";
  const lines = [`${docText(action.name)}. ${effect}`];
  if (action.description) lines.push("", docText(action.description));
  lines.push("", `Action ${docCode(action.actionId)} of ${docCode(app.slug)}.`);
  return lines.join("\n");
}
