/**
 * Stage: emit (index). Builds `index.ts`: the `RefoldApps` interface, `createRefoldClient`,
 * `createMockRefold`, and a re-export of the runtime (errors, shared types, configuration).
 */
import type { Project, StatementStructures } from "ts-morph";
import { BANNER, INDEX_RUNTIME_ENTRY } from "../core/banner.js";
import { actionsTypeName, factoryName } from "./emitApp.js";
import { docCode, docText, stringLiteral } from "../core/escape.js";
import type { NamedApp } from "../core/model.js";
import { tsMorph } from "./tsMorph.js";

const { StructureKind, VariableDeclarationKind } = tsMorph;

export const INDEX_FUNCTIONS = ["createRefoldClient", "createMockRefold"];
export const INDEX_VARIABLES = ["apps", "metadata"];

export function emitIndex(project: Project, catalog: { apps: readonly NamedApp[] }): string {
  const runtime = "./" + INDEX_RUNTIME_ENTRY;
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: runtime,
      namedImports: [
        { name: "createClient" },
        { name: "createMock" },
        ...[
          "AppFactory",
          "Client",
          "ClientOptions",
          "MetadataLoaders",
          "MockOptions",
          "MockRefold",
          "ValidationOptions",
        ].map((name) => ({
          name,
          isTypeOnly: true,
        })),
      ],
    },
    ...catalog.apps.map((app): StatementStructures => ({
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `./apps/${app.fileName}.js`,
      namedImports: [{ name: factoryName(app) }, { name: actionsTypeName(app), isTypeOnly: true }],
    })),
    { kind: StructureKind.ExportDeclaration, moduleSpecifier: runtime },
    {
      kind: StructureKind.Interface,
      name: "RefoldApps",
      isExported: true,
      docs: ["Every app of the catalog, by property name."],
      properties: catalog.apps.map((app) => ({
        name: app.propertyName,
        type: actionsTypeName(app),
        docs: [`${docText(app.name)} (${docCode(app.slug)}): ${app.actions.length} actions.`],
      })),
    },
    {
      kind: StructureKind.TypeAlias,
      name: "RefoldClient",
      isExported: true,
      docs: ["A client for every app; `forAccount(id)` gives one scoped to a linked account."],
      type: "Client<RefoldApps>",
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      declarations: [
        {
          name: "apps",
          type: "{ [K in keyof RefoldApps]: AppFactory<RefoldApps[K]> }",
          initializer: (writer) =>
            writer.inlineBlock(() => {
              for (const app of catalog.apps)
                writer.writeLine(`${app.propertyName}: ${factoryName(app)},`);
            }),
        },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: ["Each app's runtime metadata, loaded on first use (validation, agent tools)."],
      declarations: [
        {
          name: "metadata",
          type: "MetadataLoaders",
          initializer: (writer) =>
            writer
              .write("[")
              .indent(() => {
                for (const app of catalog.apps)
                  writer.writeLine(
                    `[${stringLiteral(app.slug)}, () => import("./apps/${app.fileName}.meta.js")],`,
                  );
              })
              .write("]"),
        },
      ],
    },
    {
      kind: StructureKind.Function,
      name: "createRefoldClient",
      isExported: true,
      docs: [
        "Creates a client for every app. Apps are built on first use, so a large catalog costs little.",
      ],
      parameters: [{ name: "options", type: "ClientOptions & ValidationOptions" }],
      returnType: "RefoldClient",
      statements: ["return createClient(options, apps, metadata);"],
    },
    {
      kind: StructureKind.Function,
      name: "createMockRefold",
      isExported: true,
      docs: [
        "A client for tests: stub actions by app and method with typed params and responses; no network.",
      ],
      parameters: [{ name: "options", type: "MockOptions", hasQuestionToken: true }],
      returnType: "MockRefold<RefoldApps>",
      statements: ["return createMock(apps, options, metadata);"],
    },
  ];
  const file = project.createSourceFile("/index.ts", { statements }, { overwrite: true });
  const text = `${BANNER}\n${file.getFullText()}`;
  project.removeSourceFile(file);
  return text;
}
