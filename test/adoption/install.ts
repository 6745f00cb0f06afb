/**
 * Installs refold-gen as a user would: `npm pack`, then `npm ci --offline` of the tarball into a
 * fresh app outside this repository. No network: the app's lockfile is this project's own
 * (versions and integrity hashes of the same packages), so every tarball comes from the npm cache
 * that this project's `npm ci` filled.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** What the temp app installs besides refold-gen: its own compilers and the runtime's peer. */
const APP_DEPENDENCIES = { undici: "dependencies" } as const;


const APP_DEV_DEPENDENCIES = [
  "typescript",
  "typescript7",
  "@types/node",
] as const;

/** Packs the project into `dir`; returns the tarball's path. */
export async function pack(dir: string): Promise<string> {
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: REPO,
    maxBuffer: 16 << 20,
  });
  const name = stdout.trim().split("\n").pop()!;
  return path.join(dir, name);
}

/**
 * An app directory with refold-gen installed from `tarball` (as a dev dependency, like
 * `npm install -D ./refold-gen-<v>.tgz`), undici as a dependency, and TypeScript 5.9 and 7.
 */
export async function installApp(dir: string, tarball: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const lock = JSON.parse(readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const own = lock.packages[""]!;
  const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8"));
  const spec = `file:${path.relative(dir, tarball)}`;
  const range = (name: string) =>
    own.dependencies?.[name] ??
    (own as { devDependencies?: Record<string, string> }).devDependencies?.[name];
  const manifest = {
    name: "refold-adoption-app",
    version: "1.0.0",
    private: true,
    dependencies: Object.fromEntries(Object.keys(APP_DEPENDENCIES).map((n) => [n, range(n)!])),
    devDependencies: {
      "refold-gen": spec,
      ...Object.fromEntries(APP_DEV_DEPENDENCIES.map((n) => [n, range(n)!])),
    },
  };
  const packages: Record<string, LockEntry> = {
    "": manifest,
    "node_modules/refold-gen": {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
      dev: true,
      license: pkg.license,
      dependencies: pkg.dependencies,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  // Node's resolution over the project's lock: each needed package and what it needs.
  const queue: [string, string][] = [
    ...Object.keys(pkg.dependencies).map((n): [string, string] => ["node_modules/refold-gen", n]),
    ...Object.keys(manifest.dependencies).map((n): [string, string] => ["", n]),
    ...APP_DEV_DEPENDENCIES.map((n): [string, string] => ["", n]),
  ];
  while (queue.length) {
    const [from, name] = queue.shift()!;
    const key = resolveIn(lock.packages, from, name);
    if (!key || packages[key]) continue;
    const entry = lock.packages[key]!;
    packages[key] = entry;
    const needs = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...Object.fromEntries(
        Object.entries(entry.peerDependencies ?? {}).filter(
          ([n]) => !entry.peerDependenciesMeta?.[n]?.optional,
        ),
      ),
    };
    for (const dep of Object.keys(needs)) queue.push([key, dep]);
  }
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify(
      { name: manifest.name, version: "1.0.0", lockfileVersion: 3, requires: true, packages },
      null,
      2,
    ) + "\n",
  );
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], {
    cwd: dir,
    maxBuffer: 16 << 20,
  });
}

/** The lock key Node would load `name` from, required by the package at `from`. */
function resolveIn(
  packages: Record<string, LockEntry>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (packages[key]) return key;
    if (!base) return undefined;
    const at = base.lastIndexOf("/node_modules/");
    base = at === -1 ? "" : base.slice(0, at);
  }
}
