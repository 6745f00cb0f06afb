// given/want tables for escape.ts: each function for the exact place its output lands.
import { describe, expect, it } from "vitest";
import {
  docCode,
  docText,
  isWellFormed,
  propertyKey,
  stringLiteral,
  toWellFormed,
} from "../../generator/core/escape.js";
import { mdCell, mdText } from "../../generator/emit/markdown.js";
import { printable, UNSAFE_CHARACTER_CLASS } from "../../templates/runtime/unsafeChars.js";

describe("stringLiteral", () => {
  const table: [string, string, string][] = [
    ["plain", "hubspot", '"hubspot"'],
    ["double quote", 'a"b', '"a\\"b"'],
    ["backslash as \\u005c (see stringLiteral)", "a\\b", '"a\\u005cb"'],
    ["single quote and backtick stay", "it's `x` ${y}", '"it\'s `x` ${y}"'],
    ["newline", "a\nb", '"a\\nb"'],
    ["carriage return", "a\rb", '"a\\rb"'],
    ["NUL", "a\u0000b", '"a\\u0000b"'],
    ["ESC", "\u001b[31m", '"\\u001b[31m"'],
    ["DEL", "a\u007fb", '"a\\u007fb"'],
    ["C1 (NEL)", "a\u0085b", '"a\\u0085b"'],
    ["U+2028", "a\u2028b", '"a\\u2028b"'],
    ["U+2029", "a\u2029b", '"a\\u2029b"'],
    ["RLO", "a\u202eb", '"a\\u202eb"'],
    ["LRI..PDI", "\u2066\u2067\u2068\u2069", '"\\u2066\\u2067\\u2068\\u2069"'],
    ["LRM/RLM/ALM", "\u200e\u200f\u061c", '"\\u200e\\u200f\\u061c"'],
    ["zero-width space and BOM", "\u200b\ufeff", '"\\u200b\\ufeff"'],
    ["lone surrogate", "a\ud800b", '"a\\ud800b"'],
    ["backslash before a quote and a comment opener", '\\", "/*', '"\\u005c\\", \\"/*"'],
    ["pair kept", "😀", '"😀"'],
    ["non-ASCII kept", "café 日本", '"café 日本"'],
    ["tag character", "delete_contact\u{e0001}", '"delete_contact\\u{e0001}"'],
    ["tag letters", "x\u{e0041}\u{e007f}", '"x\\u{e0041}\\u{e007f}"'],
    ["soft hyphen", "hubspot\u00ad", '"hubspot\\u00ad"'],
    ["combining grapheme joiner", "a\u034fb", '"a\\u034fb"'],
    ["variation selector", "x\ufe0f", '"x\\ufe0f"'],
    ["Khmer inherent vowels", "\u17b4\u17b5", '"\\u17b4\\u17b5"'],
    ["Hangul fillers", "\u115f\u1160\u3164\uffa0", '"\\u115f\\u1160\\u3164\\uffa0"'],
    ["braille blank", "a\u2800", '"a\\u2800"'],
    ["C1 CSI", "\u009b31m", '"\\u009b31m"'],
    ["NFD spelling: every non-ASCII escaped", "cafe\u0301", '"cafe\\u0301"'],
    ["NFD among other text", "é e\u0301 日", '"\\u00e9 e\\u0301 \\u65e5"'],
    ["NFC kept readable", "caf\u00e9", '"café"'],
  ];
  it.each(table)("%s", (_, given, want) => {
    expect(stringLiteral(given)).toBe(want);
    // The literal denotes exactly the input.
    expect(eval(want)).toBe(given);
  });
});

describe("propertyKey", () => {
  const table: [string, string][] = [
    ["email", "email"],
    ["first_name", "first_name"],
    ["$ref", "$ref"],
    ["delete", "delete"],
    ["constructor", "constructor"],
    ["__proto__", '"__proto__"'],
    ["first-name", '"first-name"'],
    ["1e3", '"1e3"'],
    ["", '""'],
    [" x ", '" x "'],
    ["a\nb", '"a\\nb"'],
    [
      "]: string; } export const x = 1; interface Y {",
      '"]: string; } export const x = 1; interface Y {"',
    ],
    ["é", '"é"'],
    ["x\u202e", '"x\\u202e"'],
  ];
  it.each(table)("%j → %s", (given, want) => {
    expect(propertyKey(given)).toBe(want);
  });
});

describe("docText", () => {
  const table: [string, string, string][] = [
    ["plain", "Enter Email", "Enter Email"],
    ["comment close", "a */ b", "a *\u2215 b"],
    ["comment open", "a /* b", "a \u2215* b"],
    ["close after a removed control", "*\u0000/", "*\u2215"],
    ["close after a removed bidi char", "*\u202e/", "*\u2215"],
    ["CRLF, CR, LS, PS, NEL → LF", "a\r\nb\rc\u2028d\u2029e\u0085f", "a\nb\nc\nd\ne\nf"],
    ["bidi removed", "admin\u202e \u2066x\u2069", "admin x"],
    ["controls removed", "a\u0000\u0007\u001b[0m\u007fb", "a[0mb"],
    ["tag at line start", "@param x", "\uff20param x"],
    ["inline tag", "see {@link javascript:x}", "see {\uff20link javascript:x}"],
    ["email address kept", "jane@example.com", "jane@example.com"],
    ["blank runs collapse", "a\n\n\n\nb", "a\n\nb"],
    ["trailing space trimmed", "a  \nb  ", "a\nb"],
    ["tab → space", "a\tb", "a b"],
    ["lone surrogate → U+FFFD", "a\ud800b", "a\ufffdb"],
    ["empty", "  \n ", ""],
    ["tag characters dropped", "Delete\u{e0001} contact", "Delete contact"],
    ["soft hyphen, CGJ, variation selector dropped", "a\u00adb\u034fc\ufe0f", "abc"],
    ["Hangul filler and braille blank dropped", "x\u3164\u2800y", "xy"],
    ["NFD written as NFC", "cafe\u0301", "caf\u00e9"],
  ];
  it.each(table)("%s", (_, given, want) => {
    expect(docText(given)).toBe(want);
    expect(docText(given)).not.toMatch(/\*\/|\/\*|[\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("docCode", () => {
  it("cannot be broken out of: no backtick, no newline, no comment close", () => {
    expect(docCode("a`b\nc */")).toBe("`a'b c *\u2215`");
  });
});

describe("well-formed Unicode", () => {
  const table: [string, boolean, string][] = [
    ["abc", true, "abc"],
    ["😀", true, "😀"],
    ["\ud800", false, "\ufffd"],
    ["\udc00x", false, "\ufffdx"],
    ["x\ud83d", false, "x\ufffd"],
    ["\ude00\ud83d", false, "\ufffd\ufffd"],
  ];
  it.each(table)("%j", (given, wellFormed, repaired) => {
    expect(isWellFormed(given)).toBe(wellFormed);
    expect(isWellFormed(given)).toBe(isWellFormed(given)); // no regex lastIndex state
    expect(toWellFormed(given)).toBe(repaired);
  });
});

describe("the one unsafe class", () => {
  it("holds every Default_Ignorable_Code_Point, bidi control, C0/C1 control and lone surrogate", () => {
    const unsafe = new RegExp(`^${UNSAFE_CHARACTER_CLASS}$`, "u");
    const must =
      /^(?:\p{Default_Ignorable_Code_Point}|\p{Bidi_Control}|[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u2800]|\p{Cs})$/u;
    let checked = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const c = String.fromCodePoint(cp);
      if (must.test(c)) {
        expect(unsafe.test(c), `U+${cp.toString(16)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(4000);
    // Visible text is not in it.
    for (const c of ["a", " ", "é", "日", "😀", "\u0301", "\t", "\n"])
      expect(unsafe.test(c)).toBe(false);
  });
});

describe("JSDoc and the Markdown docs drop the whole class", () => {
  it("every character of it (lone surrogates become U+FFFD, and NEL, LS and PS line breaks, first)", () => {
    const unsafe = new RegExp(`^${UNSAFE_CHARACTER_CLASS}$`, "u");
    const kept: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0x85 || cp === 0x2028 || cp === 0x2029) continue;
      const c = String.fromCodePoint(cp);
      if (!unsafe.test(c)) continue;
      for (const [name, f] of [
        ["docText", docText],
        ["mdText", mdText],
        ["mdCell", mdCell],
      ] as const) {
        if (f(`a${c}b`) !== "ab") kept.push(`${name} U+${cp.toString(16)}`);
      }
    }
    expect(kept).toEqual([]);
  });
});

describe("printable (terminal output)", () => {
  const table: [string, string, string][] = [
    ["plain", "hubspot 😀 café", "hubspot 😀 café"],
    ["ANSI colour", "\u001b[31mred", "\\u{1b}[31mred"],
    ["OSC title", "\u001b]0;pwned\u0007", "\\u{1b}]0;pwned\\u{7}"],
    ["C1 CSI", "\u009b2J", "\\u{9b}2J"],
    ["RLO", "abc\u202edef", "abc\\u{202e}def"],
    ["tag character", "x\u{e0001}", "x\\u{e0001}"],
    ["soft hyphen", "a\u00adb", "a\\u{ad}b"],
    ["line breaks and tab", "a\nb\rc\td", "a\\u{a}b\\u{d}c\\u{9}d"],
    ["lone surrogate", "a\ud800", "a\\u{d800}"],
  ];
  it.each(table)("%s", (_, given, want) => expect(printable(given)).toBe(want));
});
