/**
 * Warnings collected while generating. Each names where it arose (app, action, field) so a user
 * can find the offending schema; `--strict` turns any warning into a failed run.
 */
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

/**
 * Remote text shown on a terminal: C0/C1 controls (ANSI escapes), line terminators, bidi and
 * zero-width characters and lone surrogates become visible `\uXXXX` escapes.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}
