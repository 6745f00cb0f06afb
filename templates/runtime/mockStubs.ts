/** The mock's stubs: newest first, matched by wire id and params, each with an optional use limit. */
import type { StubSpec } from "./mockTypes.js";

export interface Stub {
  /** `slug\0actionId`. */
  key: string;
  spec: StubSpec<unknown>;
  used: number;
  /** `app.method`, for messages. */
  label: string;
}

/** The newest stub for `key` that is not used up and whose `match` accepts the params. */
export function findStub(stubs: readonly Stub[], key: string, params: unknown): Stub | undefined {
  for (let i = stubs.length - 1; i >= 0; i--) {
    const stub = stubs[i]!;
    const { spec } = stub;
    if (stub.key !== key || (spec.times !== undefined && stub.used >= spec.times)) continue;
    if (spec.match !== undefined) {
      const ok =
        typeof spec.match === "function" ? spec.match(params) : contains(params, spec.match);
      if (!ok) continue;
    }
    return stub;
  }
  return undefined;
}

/** Deep partial equality: every key of `expected` is in `actual` with an equal value. */
function contains(actual: unknown, expected: unknown): boolean {
  if (expected === actual) return true;
  if (typeof expected !== "object" || expected === null) return false;
  if (typeof actual !== "object" || actual === null) return false;
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => contains(actual[i], item))
    );
  }
  return Object.keys(expected).every((k) =>
    contains((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]),
  );
}
