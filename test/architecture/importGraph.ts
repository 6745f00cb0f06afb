/** The relative-import graph of a set of folders, and the cycles in it (for the architecture tests). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Repo-relative file → repo-relative files it imports (static, re-export, and literal dynamic imports). */
export type ImportGraph = Map<string, string[]>;

export function tsFilesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir)).sort()) {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) {
      if (name !== "node_modules" && name !== "out" && !name.startsWith("."))
        out.push(...tsFilesUnder(root, rel));
    } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

/** Every module specifier a file names: imports, `export … from`, and `import("literal")`. */
export function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Resolves `./x.js` / `./x` / `./dir` from `from` to a repo-relative .ts file, or undefined. */
export function resolveRelative(root: string, from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  const stem = base.replace(/\.(js|ts|mjs|cjs)$/, "");
  for (const candidate of [`${stem}.ts`, `${stem}/index.ts`]) {
    if (existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

export function importGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const dir of dirs) {
    for (const file of tsFilesUnder(root, dir)) {
      const targets = specifiers(readFileSync(path.join(root, file), "utf8"))
        .map((spec) => resolveRelative(root, file, spec))
        .filter((t): t is string => t !== undefined);
      graph.set(file, [...new Set(targets)].sort());
    }
  }
  return graph;
}

/**
 * One concrete cycle per strongly connected component (Tarjan), each written as
 * `a.ts → b.ts → a.ts`. Edges to files outside the graph are ignored.
 */
export function findCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const edges = (n: string) => (graph.get(n) ?? []).filter((m) => graph.has(m));

  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const m of edges(node)) {
      if (!index.has(m)) {
        visit(m);
        low.set(node, Math.min(low.get(node)!, low.get(m)!));
      } else if (onStack.has(m)) low.set(node, Math.min(low.get(node)!, index.get(m)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        onStack.delete(m);
        component.push(m);
      } while (m !== node);
      if (component.length > 1 || edges(node).includes(node)) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    // Breadth-first back to `start` inside the component gives the shortest cycle through it.
    const parent = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const n = queue.shift()!;
      for (const m of edges(n).filter((x) => members.has(x))) {
        if (m === start) {
          const path = [start];
          for (
            let at: string | undefined = n;
            at !== undefined && at !== start;
            at = parent.get(at)
          )
            path.splice(1, 0, at);
          return [...path, start].join(" → ");
        }
        if (!parent.has(m)) {
          parent.set(m, n);
          queue.push(m);
        }
      }
    }
    return component.join(" ↔ ");
  });
}
