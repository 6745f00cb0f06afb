/**
 * Warnings collected while generating. Each names where it arose (app, action, field) so a user
 * can find the offending schema; `--strict` turns any warning into a failed run.
 */
import { printable } from "../../templates/runtime/unsafeChars.js";

export interface Diagnostic {
  /** Stable machine-readable code, e.g. `unknown-field-type`. */
  code: string;
  message: string;
  slug?: string;
  actionId?: string;
  field?: string;
}

export class Diagnostics {
  readonly items: Diagnostic[] = [];

  warn(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  /** One line per warning, e.g. `warning: hubspot/create_contact field "x": unknown type "file"`. */
  format(): string[] {
    return this.items.map((d) => `warning: ${where(d)}${printable(d.message)}`);
  }
}

/** Names in messages are cut here: a 100 kB slug should not flood a terminal. */
const MAX_SHOWN = 120;

function where(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.slug !== undefined)
    parts.push(shown(d.slug) + (d.actionId !== undefined ? "/" + shown(d.actionId) : ""));
  if (d.field !== undefined) parts.push(`field ${shown(d.field, true)}`);
  return parts.length ? parts.join(" ") + ": " : "";
}

function shown(text: string, quote = false): string {
  const cut = text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN) + "…" : text;
  return printable(quote ? JSON.stringify(cut) : cut);
}

/** Remote text quoted for a message: JSON string syntax (cut at `max` characters), then printable. */
export function quoted(value: unknown, max = Infinity): string {
  const cut = typeof value === "string" && value.length > max ? value.slice(0, max) + "…" : value;
  return printable(JSON.stringify(cut) ?? String(cut));
}

/** The one printable-escape helper for remote text on a terminal (shared with the runtime). */
export { printable } from "../../templates/runtime/unsafeChars.js";
