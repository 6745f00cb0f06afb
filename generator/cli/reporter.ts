/**
 * What the CLI prints: warnings, the one-line summary, the change report, and errors with their
 * exit codes. Remote text is made printable first; nothing secret is ever passed in here.
 */
import { writeFileSync } from "node:fs";
import { EXIT_BUG, GenerationError, UsageError } from "../core/errors.js";
import type { GenerateResult } from "../generate.js";
import type { GenerateOptions } from "../core/options.js";
import { GENERATE_COMMAND } from "../core/paths.js";
import { formatReport, type ChangeReport } from "../output/report.js";

export interface ReporterIO {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createReporter(io: ReporterIO) {
  const color = !!io.stderr.isTTY && !io.env.NO_COLOR && !io.env.CI;
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const reporter = {
    silent: false,
    /** Progress on a TTY only; CI and pipes get the single summary line. */
    interactive: !!io.stderr.isTTY && !io.env.CI,
    progress(text: string) {
      if (reporter.silent || !reporter.interactive) return;
      io.stderr.write(`\r\u001b[2K${text}`);
    },
    endProgress() {
      if (!reporter.silent && reporter.interactive) io.stderr.write("\r\u001b[2K");
    },
    warn(line: string) {
      if (!reporter.silent) io.stderr.write(paint(33, line) + "\n");
    },
    finish(options: GenerateOptions, result: GenerateResult, reportJson?: string): number {
      const report = result.report;
      if (reportJson) writeReportJson(reportJson, report);
      for (const line of result.diagnostics.format()) reporter.warn(line);
      const { added, modified, removed } = result.changes;
      const changed = added.length + modified.length + removed.length;
      if (!reporter.silent) {
        const reportText = formatReport(report, (t) => paint(31, t));
        if (reportText) io.stdout.write(reportText + "\n");
      }
      if (options.mode === "check") {
        if (changed === 0) {
          if (!reporter.silent)
            io.stdout.write(
              `refold-gen: ${options.out} is current (${result.apps} apps, ${result.actions} actions).\n`,
            );
          return 0;
        }
        io.stderr.write(
          `refold-gen: ${options.out} is stale; ${changed} file(s) differ from a fresh generation:\n${listChanges(result)}\nRun \`${GENERATE_COMMAND}\` and commit the result.\n`,
        );
        return 1;
      }
      if (options.mode === "dry-run") {
        if (!reporter.silent)
          io.stdout.write(
            changed
              ? `refold-gen: would change ${changed} file(s):\n${listChanges(result)}\n`
              : "refold-gen: nothing would change.\n",
          );
        return 0;
      }
      if (!reporter.silent) {
        const seconds = (result.durationMs / 1000).toFixed(2);
        io.stdout.write(
          `refold-gen: ${result.apps} apps, ${result.actions} actions, ${changed} file(s) written ` +
            `(${added.length} added, ${modified.length} changed, ${removed.length} removed; ${result.emitted.length} app(s) re-emitted) in ${seconds} s\n`,
        );
      }
      return 0;
    },
    fail(error: unknown): number {
      reporter.endProgress();
      if (error instanceof UsageError || error instanceof GenerationError) {
        io.stderr.write(`refold-gen: error: ${error.message}\n`);
        return error.exitCode;
      }
      io.stderr.write(
        `refold-gen: internal error (this is a bug in refold-gen; please report it):\n${(error as Error)?.stack ?? String(error)}\n`,
      );
      return EXIT_BUG;
    },
  };
  return reporter;
}

function writeReportJson(file: string, report: ChangeReport): void {
  try {
    writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  } catch (error) {
    throw new UsageError(
      `--report-json: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
}

function listChanges(result: GenerateResult): string {
  const { added, modified, removed } = result.changes;
  return [
    ...added.map((f) => `  + ${f}`),
    ...modified.map((f) => `  ~ ${f}`),
    ...removed.map((f) => `  - ${f}`),
  ].join("\n");
}
