/** Section "tsc": type-checking consumer projects of the output with TS 5.9 and TS 7. */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT, check, measureNode, median, peak, type Measured } from "../measure.js";
import { fmtMiB, fmtMs, round, type Context } from "../results.js";

const TSC = {
  "TS 7": path.join(ROOT, "node_modules/typescript7/bin/tsc"),
  "TS 5.9": path.join(ROOT, "node_modules/typescript/bin/tsc"),
} as const;

/** The export name of an app module (`export const app001: App001Actions = …`). */
function moduleExport(outDir: string, fileName: string): string {
  const text = readFileSync(path.join(outDir, "apps", `${fileName}.ts`), "utf8");
  const m = /^export const (\w+): \w+ = create\w+Actions\(defaultExecute\);$/m.exec(text);
  if (!m) throw new Error(`no module-form export in apps/${fileName}.ts`);
  return m[1]!;
}

/** The app modules' base names (not their metadata modules, `<app>.meta.ts`). */
const appModules = (outDir: string) =>
  readdirSync(path.join(outDir, "apps"))
    .filter((n) => n.endsWith(".ts") && !n.endsWith(".meta.ts"))
    .map((n) => n.slice(0, -3))
    .sort();

export const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ["node"],
  },
  files: ["main.ts"],
};

/** `app_000` → `createApp000Actions`: the factory an app module exports. */
const factoryOf = (exportName: string) =>
  `create${exportName.charAt(0).toUpperCase()}${exportName.slice(1)}Actions`;

/** Consumer projects: name → main.ts. They import from `outDir` by a relative path. */
function consumers(
  outDir: string,
  projectsDir: string,
): Record<string, { label: string; source: string }> {
  const rel = path
    .relative(projectsDir + "/x", outDir)
    .split(path.sep)
    .join("/");
  const apps = appModules(outDir);
  const first = apps[0]!;
  const call = (target: string) => `${target}.httprequest({ url_path: "/v1/items" })`;
  const one = moduleExport(outDir, first);
  return {
    empty: { label: "empty project (baseline)", source: "export {};\n" },
    oneApp: {
      label: `imports one app module (apps/${first}.js)`,
      source: `import { ${one} } from "${rel}/apps/${first}.js";\n\nexport const result: Promise<unknown> = ${call(one)};\n`,
    },
    clientOneApp: {
      label: "createRefoldClient, one app",
      source:
        `import { createRefoldClient } from "${rel}/index.js";\n\n` +
        `const refold = createRefoldClient({ apiKey: "k" });\n` +
        `export const result: Promise<unknown> = ${call(`refold.forAccount("acme").${one}`)};\n`,
    },
    pickedApp: {
      label: "createClient with the one app module it uses",
      source:
        `import { createClient } from "${rel}/runtime/index.js";\n` +
        `import { ${factoryOf(one)} } from "${rel}/apps/${first}.js";\n\n` +
        `const refold = createClient({ apiKey: "k" }, { ${one}: ${factoryOf(one)} });\n` +
        `export const result: Promise<unknown> = ${call(`refold.forAccount("acme").${one}`)};\n`,
    },
    everyApp: {
      label: `createRefoldClient, every app (${apps.length})`,
      source:
        `import { createRefoldClient } from "${rel}/index.js";\n\n` +
        `const acme = createRefoldClient({ apiKey: "k" }).forAccount("acme");\n` +
        `export const results: Promise<unknown>[] = [\n` +
        apps.map((a) => `  ${call(`acme.${moduleExport(outDir, a)}`)},\n`).join("") +
        `];\n`,
    },
  };
}

export async function typeCheck(ctx: Context, outDir: string): Promise<void> {
  const projectsDir = path.join(ctx.work, "tsc");
  rmSync(projectsDir, { recursive: true, force: true });
  const projects = consumers(outDir, projectsDir);
  const totalApps = appModules(outDir).length;
  for (const [name, { source }] of Object.entries(projects)) {
    mkdirSync(path.join(projectsDir, name), { recursive: true });
    writeFileSync(
      path.join(projectsDir, name, "tsconfig.json"),
      JSON.stringify(TSCONFIG, null, 2) + "\n",
    );
    writeFileSync(path.join(projectsDir, name, "main.ts"), source);
  }
  const appsDir = path.join(outDir, "apps") + path.sep;
  for (const [version, tsc] of Object.entries(TSC)) {
    const baseline: { ms?: number } = {};
    for (const [name, { label }] of Object.entries(projects)) {
      const project = path.join(projectsDir, name);
      const runs: Measured[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        runs.push(
          check(
            await measureNode(
              ctx.work,
              [tsc, "-p", project, "--extendedDiagnostics", "--listFiles"],
              {
                cwd: project,
              },
            ),
            `${version} tsc -p ${path.relative(ROOT, project)}`,
          ),
        );
      }
      const out = runs[0]!.stdout;
      const files = Number(/^Files:\s+(\d+)/m.exec(out)?.[1] ?? NaN);
      const appsLoaded = out
        .split("\n")
        .filter((l) => path.resolve(l.trim()).startsWith(appsDir)).length;
      const checkTimes = runs.map(
        (r) => Number(/^Check time:\s+([\d.]+)s/m.exec(r.stdout)?.[1] ?? NaN) * 1000,
      );
      const medianMs = median(runs.map((r) => r.ms));
      ctx.log(
        `  ${version} ${name}: ${fmtMs(medianMs)}, ${fmtMiB(peak(runs.map((r) => r.rssMiB)))}, ${files} files, ${appsLoaded} app modules`,
      );
      let note = `${files} files, ${appsLoaded}/${totalApps} app modules`;
      let pass: boolean | undefined;
      if (name === "empty") baseline.ms = medianMs;
      else if (baseline.ms !== undefined && (name === "oneApp" || name === "pickedApp")) {
        // The target: a consumer of one app costs at most 2× an empty project and loads one app module.
        const ratio = medianMs / baseline.ms;
        pass = ratio <= 2 && appsLoaded <= 1;
        note = `${round(ratio, 2)}× empty (≤ 2×), ${appsLoaded}/${totalApps} app modules (1)`;
      } else if (baseline.ms !== undefined && name === "clientOneApp") {
        // The all-apps client references every app's types by design; `pickedApp` is the cheap form.
        note = `${round(medianMs / baseline.ms, 2)}× empty; ${appsLoaded}/${totalApps} app modules (all-apps index, by design)`;
      }
      ctx.rows.push({
        section: "tsc",
        step: `tsc --noEmit ${version}: ${label}`,
        medianMs,
        rssMiB: peak(runs.map((r) => r.rssMiB)),
        note,
        pass,
        runsMs: runs.map((r) => r.ms),
        extra: { files, appModules: appsLoaded, totalApps, checkTimeMs: median(checkTimes) },
      });
    }
  }
}
