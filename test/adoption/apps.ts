/**
 * The temporary apps of the outside-in test: one per module setup, each with its own package.json,
 * tsconfig.json (every strict flag of issue 9, item 6), config file in a different format, and a
 * `main.ts` that imports `defineConfig` from "refold-gen" and calls the emulator through the
 * generated client. They share one install through a `node_modules` link.
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface AppVariant {
  name: string;
  type: "module" | "commonjs";
  module: string;
  moduleResolution: string;
  configFile: string;
  config: string;
  /** Flags of item 6 this setup cannot take, each with the reason (never dropped silently). */
  without: Partial<Record<StrictFlag, string>>;
}

export const STRICT_FLAGS = {
  strict: true,
  erasableSyntaxOnly: true,
  isolatedDeclarations: true,
  verbatimModuleSyntax: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
} as const;
export type StrictFlag = keyof typeof STRICT_FLAGS;

/**
 * Flags excluded per setup, and why. TypeScript forbids `import`/`export` statements in a
 * CommonJS file under verbatimModuleSyntax (TS1286/TS1287: such files must use `import x =
 * require()`), so no ES-syntax TypeScript, generated or hand-written, compiles in that setup.
 */
export const CJS_WITHOUT: AppVariant["without"] = {
  verbatimModuleSyntax: "TS forbids import/export statements in CommonJS files under it (TS1286)",
};

const CONFIG = `{ out: "src/refold", apps: ["hubspot", "slack"] }`;

export const VARIANTS: AppVariant[] = [
  {
    name: "esm-nodenext",
    type: "module",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    configFile: "refold.config.ts",
    config: `import { defineConfig } from "refold-gen";\n\nexport default defineConfig(${CONFIG});\n`,
    without: {},
  },
  {
    name: "cjs-node16",
    type: "commonjs",
    module: "Node16",
    moduleResolution: "Node16",
    configFile: "refold.config.js",
    config: `const { defineConfig } = require("refold-gen");\n\nmodule.exports = defineConfig(${CONFIG});\n`,
    without: CJS_WITHOUT,
  },
  {
    name: "bundler",
    type: "module",
    module: "ESNext",
    moduleResolution: "Bundler",
    configFile: "refold.config.mts",
    config: `import { defineConfig } from "refold-gen";\n\nexport default defineConfig(${CONFIG});\n`,
    without: {},
  },
];

/** What main.ts prints: the config's out, and the data of calls through the generated client. */
const main = (variant: string) => `import { defineConfig } from "refold-gen";
import { createRefoldClient } from "./refold/index.js";

const config = defineConfig({ out: "src/refold" });

// The form users write: options straight from the environment (string | undefined).
const refold = createRefoldClient({ apiKey: process.env["REFOLD_API_KEY"], baseUrl: process.env["REFOLD_BASE_URL"] });
// Only the key given: the base URL comes from REFOLD_BASE_URL.
const fromEnv = createRefoldClient({ apiKey: process.env["REFOLD_API_KEY"] });

async function main(): Promise<void> {
  const acme = refold.forAccount("acme");
  const contact = await acme.hubspot.createContact<{ id: string }>({ email: "jane.${variant}@example.com", firstname: "Jane" });
  const sent = await fromEnv.forAccount("acme").slack.sendMessage({ channel: "C1", text: "hi" });
  console.log(JSON.stringify({ out: config.out, contact, sent }));
  await Promise.all([refold.close(), fromEnv.close()]);
}

/** Never called: proves the compiler rejects a call without a required field. */
export function wrongCall(): Promise<unknown> {
  // @ts-expect-error email is required
  return refold.forAccount("acme").hubspot.createContact({ firstname: "Jane" });
}

void main();
`;

/** A project at `dir` for `variant`: package.json, the strict tsconfig.json and the node_modules link. */
function writeProject(
  dir: string,
  variant: AppVariant,
  nodeModules: string,
  extra: Record<string, unknown> = {},
): void {
  mkdirSync(path.join(dir, "src"), { recursive: true });
  symlinkSync(nodeModules, path.join(dir, "node_modules"), "dir");
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: `app-${variant.name}`, private: true, type: variant.type }, null, 2),
  );
  const flags = Object.fromEntries(
    Object.entries(STRICT_FLAGS).filter(([flag]) => !(flag in variant.without)),
  );
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022"],
          module: variant.module,
          moduleResolution: variant.moduleResolution,
          rootDir: "src",
          outDir: "build",
          declaration: true,
          types: ["node"],
          ...flags,
          ...extra,
        },
        include: ["src"],
      },
      null,
      2,
    ),
  );
}

/** Writes the app at `dir`, linked to the shared install's node_modules. */
export function writeApp(dir: string, variant: AppVariant, nodeModules: string): void {
  writeProject(dir, variant, nodeModules);
  writeFileSync(path.join(dir, variant.configFile), variant.config);
  writeFileSync(path.join(dir, "src", "main.ts"), main(variant.name));
}

/** Only `defineConfig` from "refold-gen": its resolution, types and run-time value in `variant`. */
export function writeConfigProbe(dir: string, variant: AppVariant, nodeModules: string): void {
  writeProject(dir, variant, nodeModules);
  writeFileSync(
    path.join(dir, "src", "probe.ts"),
    `import { defineConfig, type RefoldConfig } from "refold-gen";

const config: RefoldConfig = defineConfig({ out: "src/refold", kinds: { "hubspot/search_contacts": "read" } });
// @ts-expect-error not an option
defineConfig({ outt: "src/refold" });
console.log(JSON.stringify(config));
`,
  );
}
