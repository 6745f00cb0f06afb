/**
 * Generator errors. A `UsageError` is the user's to fix in flags or config (exit 2); a
 * `GenerationError` is a run that could not complete (bad input, network, drift: exit 1). Anything
 * else that escapes is a bug in refold-gen (exit 70) and is reported as such.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export class GenerationError extends Error {
  readonly exitCode = 1;
  /** Stable machine-readable code, e.g. `SOURCE_HTTP_ERROR`, `GATE_REJECTED`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GenerationError";
    this.code = code;
  }
}

export const EXIT_BUG = 70;
