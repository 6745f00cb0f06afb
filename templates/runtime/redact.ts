/**
 * Secret scrubbing: every string that can leave the runtime on an error path (messages, server
 * bodies echoed into messages, provider data, causes) passes through here.
 */

/** Placeholder that replaces a secret. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not scrubbed (they would mangle ordinary text). */
const MIN_SECRET_LENGTH = 4;

/** Returns `text` with every occurrence of every secret replaced by `[REDACTED]`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) {
      out = out.split(secret).join(REDACTED);
    }
  }
  return out;
}

/** Deep copy of a JSON-like value with secrets scrubbed from every string (keys included). */
export function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === "string") return scrubText(value, secrets);
  if (value === null || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, scrubText(key, secrets), {
      value: scrubValue((value as Record<string, unknown>)[key], secrets, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * Turns any thrown value into a plain `Error` carrying only a scrubbed `name`, `message` and `code`,
 * so a library error can never smuggle request headers or secrets into `cause`.
 */
export function sanitizeCause(cause: unknown, secrets: readonly string[]): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  const source = cause as { name?: unknown; message?: unknown; code?: unknown };
  const message = typeof source.message === "string" ? source.message : String(cause);
  const safe = new Error(scrubText(message, secrets));
  if (typeof source.name === "string") safe.name = scrubText(source.name, secrets);
  if (typeof source.code === "string") {
    Object.defineProperty(safe, "code", {
      value: scrubText(source.code, secrets),
      enumerable: true,
    });
  }
  return safe;
}

/** Returns a copy of `headers` with credentials replaced by `[REDACTED]` (for hooks and logs). */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    const lower = key.toLowerCase();
    out[key] =
      lower === "x-api-key" || lower === "authorization" || lower === "cookie"
        ? REDACTED
        : (headers[key] ?? "");
  }
  return out;
}
