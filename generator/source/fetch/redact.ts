/**
 * Making remote and error text safe to print: secrets removed, control characters escaped,
 * whitespace collapsed and length bounded, so every message stays one readable paragraph.
 */
import { printable } from "../../core/diagnostics.js";

/** The runtime's one redactor: every secret (plain or URL-encoded) becomes `[REDACTED]`. */
export { createRedactor } from "../../../templates/runtime/redact.js";

export type Redactor = (text: string) => string;

/** One line of at most `max` characters: whitespace runs collapsed, control characters escaped. */
export function oneLine(text: string, max = 160): string {
  const collapsed = text.replace(/\s+/g, " ").trim();
  const cut = collapsed.length > max ? collapsed.slice(0, max) + "…" : collapsed;
  return printable(cut);
}

/** A URL for messages: no user info, no query (either could carry a credential). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return parsed.href;
  } catch {
    return oneLine(url, 200);
  }
}
