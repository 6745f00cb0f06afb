// stringLiteral's fast paths (printable ASCII skips the unsafe-character pass; backslashes are
// rewritten with one replaceAll) give exactly the text of the escaping they replaced: the unsafe
// class (or every non-ASCII character, for text not in NFC) as `\u` escapes, then every escaped
// backslash, found by reading escape by escape, as `\u005c`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringLiteral } from "../../generator/core/escape.js";
import { codePointEscape, unsafeCharacters } from "../../templates/runtime/unsafeChars.js";

/** The escaping as it was written before the fast paths. */
function reference(text: string): string {
  const unsafe = text.normalize("NFC") === text ? unsafeCharacters() : /[^\u0020-\u007e]/gu;
  return JSON.stringify(text)
    .replace(unsafe, (c) => {
      const code = c.codePointAt(0)!;
      return code > 0xffff ? codePointEscape(c) : "\\u" + code.toString(16).padStart(4, "0");
    })
    .replace(/\\(u[0-9a-fA-F]{4}|u\{[0-9a-f]+\}|[^u])/g, (escape, rest: string) =>
      rest === "\\" ? "\\u005c" : escape,
    );
}

const tricky = fc.constantFrom(
  "\\",
  '"',
  "'",
  "\\\\",
  '\\"',
  "\u2028",
  "e\u0301",
  "\ud800",
  "\u007f",
  "\n",
  "`",
);

describe("stringLiteral", () => {
  it("writes what the escape-by-escape reference writes, for any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: "binary" }), tricky, fc.string()), { maxLength: 12 }),
        (parts) => {
          const text = parts.join("");
          expect(stringLiteral(text)).toBe(reference(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("denotes the text exactly", () => {
    for (const text of ['a\\"b', "\\\\u0041", "\\u005c", 'x"\\"y', "é\u0301\\"]) {
      expect(JSON.parse(stringLiteral(text).replace(/\\u005c/g, "\\\\"))).toBe(text);
    }
  });
});
