/**
 * `refold-gen init`: the first step in someone's app. Writes a commented `refold.config.ts`, marks
 * the output directory `linguist-generated` in `.gitattributes`, and prints the CI step. Never
 * overwrites: an existing config is left alone, and `.gitattributes` is only appended to.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_FILES } from "./config.js";

export function init(cwd: string, out: NodeJS.WritableStream): number {
  const say = (line: string) => out.write(line + "\n");
  const dir = outDirFor(cwd);
  const existing = CONFIG_FILES.find((f) => existsSync(path.join(cwd, f)));
  if (existing) say(`refold-gen: ${existing} exists; left unchanged.`);
  else {
    writeFileSync(path.join(cwd, "refold.config.ts"), configText(dir));
    say(`refold-gen: wrote refold.config.ts (out: "${dir}").`);
  }
  const line = `${dir}/** linguist-generated=true`;
  const attributes = path.join(cwd, ".gitattributes");
  const current = existsSync(attributes) ? readFileSync(attributes, "utf8") : "";
  if (current.split(/\r?\n/).some((l) => l.trim() === line))
    say(".gitattributes already marks the output as generated.");
  else {
    appendFileSync(attributes, (current && !current.endsWith("\n") ? "\n" : "") + line + "\n");
    say(`refold-gen: ${current ? "added" : "wrote"} "${line}" to .gitattributes.`);
  }
  say(
    [
      "",
      "Next:",
      "  npm install undici                 # the generated code imports it at run time",
      "  export REFOLD_API_KEY=... REFOLD_LINKED_ACCOUNT_ID=...",
      "  npx refold-gen generate            # or: npx refold-gen generate --demo (sample catalog)",
      "",
      "In CI, fail the build when the committed output is stale:",
      "  - run: npx refold-gen generate --check",
      "",
    ].join("\n"),
  );
  return 0;
}

/** `src/refold` when the app compiles from `src` (tsconfig `rootDir`), else `generated`. */
export function outDirFor(cwd: string): string {
  const file = path.join(cwd, "tsconfig.json");
  if (!existsSync(file)) return "generated";
  const rootDir = (
    parseJsonc(readFileSync(file, "utf8")) as { compilerOptions?: { rootDir?: unknown } }
  )?.compilerOptions?.rootDir;
  return typeof rootDir === "string" && path.normalize(rootDir).replace(/[\\/]+$/, "") === "src"
    ? "src/refold"
    : "generated";
}

/** tsconfig.json allows comments and trailing commas; undefined when it still does not parse. */
function parseJsonc(text: string): unknown {
  const stripped = text
    .replace(
      /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
      (m, str: string | undefined) => str ?? "",
    )
    .replace(/,(\s*[}\]])/g, "$1");
  try {
    return JSON.parse(stripped);
  } catch {
    return undefined;
  }
}

function configText(out: string): string {
  return `import { defineConfig } from "refold-gen";

// Settings for \`npx refold-gen generate\`. Command-line flags override this file, and this file
// overrides the environment. Credentials never go here: set REFOLD_API_KEY and
// REFOLD_LINKED_ACCOUNT_ID (or REFOLD_SESSION_TOKEN) in the environment.
export default defineConfig({
  // Where the generated clients go; refold-gen owns this directory.
  out: ${JSON.stringify(out)},
  // The apps to generate (their slugs). Default: every app of the catalog.
  // apps: ["hubspot", "slack"],
  // Read/write overrides by "slug/action_id" (reads are retried, writes are not).
  // kinds: { "hubspot/search_contacts": "read" },
  // Turn warnings (for example an unknown field type) into a failed run.
  // strict: false,
});
`;
}
