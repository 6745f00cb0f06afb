/**
 * Stage: emit (app module). Builds the model of `apps/<file>.ts`: every top-level statement as data
 * (the params interfaces compiled by `compileParams`, the app's actions interface with one
 * documented property per action, the spec table of each method's wire action id and kind, the
 * factory the runtime builds from that table, and the module-form export bound to the default
 * executor). `printAppModule` prints it in its final form, the gate checks the printed text
 * against it, and `createMock` reads the exported table.
 */
import { APP_RUNTIME_ENTRY } from "../core/banner.js";
import { docCode, docText } from "../core/escape.js";
import { hasRequiredFields } from "../model/fieldSchema.js";
import type { ActionModel, NamedApp } from "../core/model.js";

/** A property of an interface: its key as written (escaped), optionality, type text and doc lines. */
export interface MemberModel {
  doc?: string[];
  key: string;
  optional: boolean;
  type: string;
}

export interface InterfaceModel {
  doc?: string[];
  name: string;
  members: MemberModel[];
}

/** One entry of the spec table: `method: ["action_id", "kind"]`. */
export interface SpecModel {
  method: string;
  actionId: string;
  kind: "read" | "write";
}

export interface AppModule {
  /** `import { …values, type …types } from "<specifier>"`. */
  imports: { specifier: string; values: string[]; types: string[] };
  params: InterfaceModel[];
  actions: InterfaceModel;
  /** `export const <name>: ActionSpecs<<typeName>> = { method: ["action_id", "kind"], … };` */
  specs: { doc: string[]; name: string; typeName: string; entries: SpecModel[] };
  /** `export const <name>: AppFactory<<typeName>> = appFactory("<slug>", <specs>);` */
  factory: { doc: string[]; name: string; typeName: string; slug: string };
  /** `export const <name>: <typeName> = <factory>(defaultExecute);` */
  instance: { doc: string[]; name: string; typeName: string };
}

export const factoryName = (app: NamedApp) => `create${app.typeName}Actions`;
export const actionsTypeName = (app: NamedApp) => `${app.typeName}Actions`;
export const specsName = (app: NamedApp) => `${app.propertyName}Specs`;

export function emitApp(app: NamedApp, params: InterfaceModel[]): AppModule {
  return {
    imports: {
      specifier: "../" + APP_RUNTIME_ENTRY,
      values: ["appFactory", "defaultExecute"],
      types: runtimeTypes(app, params),
    },
    params,
    actions: {
      doc: appDoc(app).split("\n"),
      name: actionsTypeName(app),
      members: app.actions.map((action) => ({
        doc: actionDoc(app, action).split("\n"),
        key: action.methodName,
        optional: false,
        type: `${hasRequiredFields(action) ? "Action" : "ActionWithOptionalParams"}<${action.paramsTypeName}>`,
      })),
    },
    specs: {
      doc: [
        `Each of ${docText(app.name)}'s methods: its wire action id and whether it reads or writes (the factory and \`createMock\` read this).`,
      ],
      name: specsName(app),
      typeName: actionsTypeName(app),
      entries: app.actions.map((a) => ({
        method: a.methodName,
        actionId: a.actionId,
        kind: a.kind,
      })),
    },
    factory: {
      doc: [
        `Binds ${docText(app.name)}'s actions to an execute function (\`createRefoldClient\` does this per client).`,
      ],
      name: factoryName(app),
      typeName: actionsTypeName(app),
      slug: app.slug,
    },
    instance: {
      doc: [
        `${docText(app.name)} actions on the default executor, configured from the environment or \`configureRefold\`.`,
      ],
      name: app.propertyName,
      typeName: actionsTypeName(app),
    },
  };
}

function runtimeTypes(app: NamedApp, params: InterfaceModel[]): string[] {
  const types = new Set(["ActionSpecs", "AppFactory"]);
  for (const action of app.actions)
    types.add(hasRequiredFields(action) ? "Action" : "ActionWithOptionalParams");
  if (params.some((p) => p.members.some((m) => /\bJsonValue\b/.test(m.type))))
    types.add("JsonValue");
  return [...types].sort();
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
