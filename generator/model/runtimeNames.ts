/**
 * Names a generated identifier must never take, derived from the code it shares a scope with:
 * every export of the runtime entries (`templates/runtime/all.ts`, which the index module
 * re-exports, and the `index.ts` and `app.ts` it builds on; app modules import from `app.ts`) and
 * the names the index module declares itself. Read from the runtime's source, so a new runtime
 * export is reserved without anyone updating a list.
 *
 * Chosen over type-checking each module in isolation: it costs nothing per run, holds for every
 * catalog size (a type-check of thousands of modules would not), and makes the fallback name
 * deterministic instead of failing the run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { TEMPLATES_DIR } from "../core/paths.js";

/** The names the index module declares (see `emitIndex.ts`; a test keeps the two in step). */
export const INDEX_DECLARED_NAMES = [
  "RefoldApps",
  "RefoldClient",
  "createRefoldClient",
  "createMockRefold",
  "apps",
  "metadata",
] as const;

/** Every name exported by `export { … }` / `export type { … }` lists in `source`. */
export function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of list!.split(",")) {
      const words = item.trim().split(/\s+/).filter(Boolean);
      if (words[0] === "type") words.shift();
      // `a as b` exports `b`.
      const name = words.length === 3 && words[1] === "as" ? words[2] : words[0];
      if (name) names.push(name);
    }
  }
  for (const [, name] of source.matchAll(
    /export\s+(?:declare\s+)?(?:const|let|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g,
  ))
    names.push(name!);
  return names;
}

/** The runtime's entry modules; `all.ts` re-exports `index.ts` with `export *`. */
const RUNTIME_ENTRIES = ["all.ts", "index.ts", "app.ts"];

export const RUNTIME_NAMES: ReadonlySet<string> = new Set([
  ...RUNTIME_ENTRIES.flatMap((file) =>
    exportedNames(readFileSync(path.join(TEMPLATES_DIR, file), "utf8")),
  ),
  ...INDEX_DECLARED_NAMES,
]);
