/**
 * Secret scrubbing: every string that can leave the runtime on an error path (messages, server
 * bodies echoed into messages, provider data, causes, hook payloads) passes through here, always
 * before any truncation. The generator imports `createRedactor` from here too (one redactor).
 */

/** Placeholder that replaces a secret. */
export const REDACTED = "[REDACTED]";

/** Secrets shorter than this are not scrubbed (they would mangle ordinary text). */
const MIN_SECRET_LENGTH = 4;

/** The forms a secret can take in text: as is, and URL-encoded when that differs. */
function forms(secrets: readonly string[]): string[] {
  const out: string[] = [];
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
    out.push(secret);
    let encoded = secret;
    try {
      encoded = encodeURIComponent(secret);
    } catch {
      // A lone surrogate cannot be encoded; the plain form is still scrubbed.
    }
    if (encoded !== secret) out.push(encoded);
  }
  // Longest first, so a secret that contains another is replaced whole.
  return out.sort((a, b) => b.length - a.length);
}

/** Returns `text` with every occurrence of every secret (plain or URL-encoded) replaced. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return secrets.length === 0 ? text : createRedactor(secrets)(text);
}

/** A reusable scrubber for a fixed set of secrets (empty and missing values ignored). */
export function createRedactor(
  secrets: readonly (string | undefined)[],
  placeholder: string = REDACTED,
): (text: string) => string {
  const values = forms(secrets.filter((s): s is string => typeof s === "string"));
  return (text: string) => {
    let out = text;
    for (const secret of values)
      if (out.includes(secret)) out = out.split(secret).join(placeholder);
    return out;
  };
}

/** Bounds for a copied value: deeper or larger parts are replaced by a marker string. */
export interface ValueLimits {
  /** Nesting levels kept (the root is level 0). */
  maxDepth: number;
  /** Objects, arrays and primitives copied in total. */
  maxNodes: number;
  /** Characters kept per string (longer strings are cut after scrubbing). */
  maxStringLength: number;
}

const UNLIMITED: ValueLimits = {
  maxDepth: Number.POSITIVE_INFINITY,
  maxNodes: Number.POSITIVE_INFINITY,
  maxStringLength: Number.POSITIVE_INFINITY,
};

/** What an error keeps of a provider's payload. */
export const PROVIDER_DATA_LIMITS: ValueLimits = {
  maxDepth: 32,
  maxNodes: 10_000,
  maxStringLength: 4_096,
};

const TRUNCATED_DEPTH = "[truncated: nested too deeply]";
const TRUNCATED_SIZE = "[truncated: too large]";

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * Deep copy of a JSON-like value with secrets scrubbed from every string (keys included), built
 * iteratively (no recursion, so no depth makes it overflow the stack). Cycles, functions, symbols
 * and bigints become strings, so the result always survives `JSON.stringify`.
 */
export function scrubValue(
  value: unknown,
  secrets: readonly string[],
  limits: ValueLimits = UNLIMITED,
): unknown {
  const scrub = createRedactor(secrets);
  const text = (s: string): string => cut(scrub(s), limits.maxStringLength);
  let nodes = 0;
  const leaf = (v: unknown): { done: true; value: unknown } | { done: false } => {
    if (typeof v === "string") return { done: true, value: text(v) };
    if (v === null || typeof v === "number" || typeof v === "boolean")
      return { done: true, value: v };
    if (v === undefined) return { done: true, value: undefined };
    if (typeof v !== "object") return { done: true, value: text(String(v)) };
    return { done: false };
  };
  const first = leaf(value);
  if (first.done) return first.value;
  const root: unknown[] | Record<string, unknown> = Array.isArray(value) ? [] : {};
  const onPath = new Set<object>();
  // Work items: copy `source` into `target` at `depth`; `exit` items pop the cycle path.
  const stack: {
    source: object;
    target: unknown[] | Record<string, unknown>;
    depth: number;
    exit?: true;
  }[] = [{ source: value as object, target: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.exit === true) {
      onPath.delete(item.source);
      continue;
    }
    onPath.add(item.source);
    stack.push({ source: item.source, target: item.target, depth: item.depth, exit: true });
    const entries: [string, unknown][] = Array.isArray(item.source)
      ? item.source.map((v, i): [string, unknown] => [String(i), v])
      : Object.keys(item.source).map((k): [string, unknown] => [
          k,
          (item.source as Record<string, unknown>)[k],
        ]);
    for (const [key, child] of entries) {
      let copied: unknown;
      if (++nodes > limits.maxNodes) {
        copied = TRUNCATED_SIZE;
      } else {
        const simple = leaf(child);
        if (simple.done) copied = simple.value;
        else if (onPath.has(child as object)) copied = "[circular]";
        else if (item.depth + 1 > limits.maxDepth) copied = TRUNCATED_DEPTH;
        else {
          copied = Array.isArray(child) ? [] : {};
          stack.push({
            source: child as object,
            target: copied as unknown[] | Record<string, unknown>,
            depth: item.depth + 1,
          });
        }
      }
      if (Array.isArray(item.target)) item.target.push(copied);
      else {
        Object.defineProperty(item.target, text(key), {
          value: copied,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      if (nodes > limits.maxNodes) break;
    }
  }
  return root;
}

/**
 * Turns any thrown value into a plain `Error` carrying only a scrubbed `name`, `message`, `code`
 * and numeric `status`, so a library error can never smuggle request headers or secrets into
 * `cause`.
 */
export function sanitizeCause(cause: unknown, secrets: readonly string[]): Error | undefined {
  if (cause === undefined || cause === null) return undefined;
  const source = cause as { name?: unknown; message?: unknown; code?: unknown; status?: unknown };
  let message: string;
  try {
    message = typeof source.message === "string" ? source.message : String(cause);
  } catch {
    message = "(unprintable cause)";
  }
  const safe = new Error(scrubText(message, secrets));
  if (typeof source.name === "string") safe.name = scrubText(source.name, secrets);
  if (typeof source.code === "string") {
    Object.defineProperty(safe, "code", {
      value: scrubText(source.code, secrets),
      enumerable: true,
    });
  }
  if (typeof source.status === "number") {
    Object.defineProperty(safe, "status", { value: source.status, enumerable: true });
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
