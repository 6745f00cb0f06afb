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
    return this.items.map((d) => `warning: ${where(d)}${d.message}`);
  }
}

function where(d: Diagnostic): string {
  const parts: string[] = [];
  if (d.slug !== undefined)
    parts.push(printable(d.slug) + (d.actionId !== undefined ? "/" + printable(d.actionId) : ""));
  if (d.field !== undefined) parts.push(`field ${JSON.stringify(printable(d.field))}`);
  return parts.length ? parts.join(" ") + ": " : "";
}

/** Remote text shown on a terminal: control and bidi characters become visible escapes. */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}
