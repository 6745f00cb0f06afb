/**
 * Resolves once `done()` is true, checking every few milliseconds; throws naming `what` after
 * `timeoutMs`. The wait is for an event, not a fixed delay: a loaded machine only makes it slower.
 */
export async function until(
  done: () => boolean,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
