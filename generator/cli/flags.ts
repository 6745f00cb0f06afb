/**
 * The `generate` command's flags: one table from which parsing, the help text and the defaults
 * shown come. A new option is one row here (plus its config key in `defineConfig.cts`, if any).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean } from "../core/didYouMean.js";
import { UsageError } from "../core/errors.js";
import type { GenerateOptions } from "../core/options.js";

/** What one `generate` invocation asks for: the pipeline's options plus the CLI's own switches. */
export interface CliRun {
  options: GenerateOptions;
  silent: boolean;
  watch: boolean;
  /** Generate the sample catalog shipped with refold-gen. */
  demo: boolean;
  reportJson?: string;
  configFile?: string;
  help: boolean;
}

export interface Flag {
  name: string;
  /** The value's placeholder in help (`DIR`); a flag without one is a boolean switch. */
  arg?: string;
  short?: string;
  help: string;
  /** The default, as shown in help. */
  default?: string;
  set(run: CliRun, value: string): void;
}

const positiveInt = (flag: string, value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a positive integer, got "${value}".`);
  return n;
};

export const GENERATE_FLAGS: readonly Flag[] = [
  {
    name: "out",
    arg: "DIR",
    help: "output directory",
    default: "generated",
    set: (r, v) => void (r.options.out = v),
  },
  {
    name: "apps",
    arg: "a,b",
    help: "refresh only these apps in this run; the other apps keep their snapshots",
    default: "every app in scope",
    set: (r, v) => {
      const apps = v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (apps.length === 0) throw new UsageError("--apps needs at least one slug.");
      r.options.refresh = apps;
    },
  },
  {
    name: "offline",
    help: "use only the snapshot, never the network",
    default: "on when no key is set",
    set: (r) => void (r.options.offline = true),
  },
  {
    name: "demo",
    help: "generate the sample catalog shipped with refold-gen (8 fictional apps)",
    set: (r) => void (r.demo = true),
  },
  {
    name: "base-url",
    arg: "URL",
    help: "API base URL (a live fetch still needs a key)",
    default: "REFOLD_BASE_URL or https://app.refold.ai",
    set: (r, v) => void (r.options.baseUrl = v),
  },
  {
    name: "linked-account",
    arg: "ID",
    help: "linked account whose schemas are fetched",
    default: "REFOLD_LINKED_ACCOUNT_ID",
    set: (r, v) => void (r.options.linkedAccountId = v),
  },
  {
    name: "concurrency",
    arg: "N",
    help: "parallel schema requests",
    default: "8",
    set: (r, v) => void (r.options.concurrency = positiveInt("concurrency", v)),
  },
  {
    name: "default-app",
    arg: "SLUG",
    help: "the org's default app (its API proxies), fetched by slug: the app list omits it",
    default: "none",
    set: (r, v) => {
      if (!v.trim()) throw new UsageError("--default-app needs an app slug.");
      r.options.defaultApp = v.trim();
    },
  },
  {
    name: "check",
    help: "exit 1 and list stale files if the output is not current; write nothing",
    set: (r) => void (r.options.mode = "check"),
  },
  {
    name: "dry-run",
    help: "print what would change; write nothing",
    set: (r) => void (r.options.mode = "dry-run"),
  },
  { name: "strict", help: "treat warnings as errors", set: (r) => void (r.options.strict = true) },
  {
    name: "docs",
    help: "also write docs/<app>.md, a reference page per app",
    set: (r) => void (r.options.docs = true),
  },
  {
    name: "no-cache",
    help: "re-emit every app even if unchanged",
    set: (r) => void (r.options.cache = false),
  },
  {
    name: "watch",
    help: "regenerate when the config file or a snapshot file changes",
    set: (r) => void (r.watch = true),
  },
  {
    name: "report-json",
    arg: "FILE",
    help: "write the change report as JSON",
    set: (r, v) => void (r.reportJson = v),
  },
  {
    name: "config",
    arg: "FILE",
    help: "config file",
    default: "refold.config.{ts,mts,js,mjs} if present",
    set: (r, v) => void (r.configFile = v),
  },
  { name: "silent", help: "print nothing but errors", set: (r) => void (r.silent = true) },
  { name: "help", short: "h", help: "show this help", set: (r) => void (r.help = true) },
];

/**
 * Parses `argv` against `flags`: values by flag name, in command-line order, and positionals.
 * Unknown options and missing values are usage errors in our words, with a "did you mean".
 */
export function parseFlags(
  argv: string[],
  flags: readonly Flag[],
  command: string,
): { values: [Flag, string][]; positionals: string[] } {
  const byName = new Map(flags.map((f) => [f.name, f]));
  let tokens;
  try {
    ({ tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: false,
      tokens: true,
      options: Object.fromEntries(
        flags.map((f) => [
          f.name,
          { type: f.arg ? "string" : "boolean", ...(f.short ? { short: f.short } : {}) },
        ]),
      ) as ParseArgsConfig["options"],
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}`);
  }
  const values: [Flag, string][] = [];
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const flag = byName.get(token.name);
    const written = token.rawName;
    if (!flag)
      throw new UsageError(
        `\`${command}\` has no option ${written}.${didYouMean(token.name, [...byName.keys()], "--")} See \`refold-gen help ${command}\`.`,
      );
    if (flag.arg && (token.value === undefined || (!token.inlineValue && /^-./.test(token.value))))
      throw new UsageError(`${written} needs a value: ${written} ${flag.arg}.`);
    if (!flag.arg && token.value !== undefined)
      throw new UsageError(`${written} takes no value (got "${token.value}").`);
    values.push([flag, token.value ?? ""]);
  }
  return { values, positionals };
}

/** The options part of a help text, from the table. */
export function flagsHelp(flags: readonly Flag[]): string {
  const left = (f: Flag) =>
    `${f.short ? `-${f.short}, ` : ""}--${f.name}${f.arg ? ` ${f.arg}` : ""}`;
  const width = Math.max(...flags.map((f) => left(f).length)) + 2;
  return flags
    .map((f) => `  ${left(f).padEnd(width)}${f.help}${f.default ? ` (default: ${f.default})` : ""}`)
    .join("\n");
}
