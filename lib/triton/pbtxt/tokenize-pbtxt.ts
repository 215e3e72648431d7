import { PbtxtSyntaxError } from "./pbtxt-syntax-error";

/**
 * Tokens of the protobuf text format
 * (https://protobuf.dev/reference/protobuf/textformat-spec/). A leading "-" is its own
 * token: the parser folds it into the number (or `inf`/`nan`) that follows.
 */
export type PbtxtToken =
  | { kind: "identifier"; text: string; line: number; column: number }
  | { kind: "number"; text: string; line: number; column: number }
  | { kind: "string"; text: string; value: string; line: number; column: number }
  | { kind: "punct"; text: string; line: number; column: number }
  | { kind: "eof"; text: ""; line: number; column: number };

const PUNCT = new Set(["{", "}", "<", ">", "[", "]", ":", ",", ";", "-"]);
const isIdentStart = (c: string) => /[A-Za-z_]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

const utf8 = new TextEncoder();
const utf8Decode = new TextDecoder("utf-8", { fatal: false });

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, "'": 39, '"': 34, "?": 63,
};

/** Splits text into tokens; throws PbtxtSyntaxError with the line and column of the first bad character. */
export function tokenizePbtxt(text: string): PbtxtToken[] {
  const tokens: PbtxtToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const col = (at: number) => at - lineStart + 1;
  const fail = (reason: string, at: number): never => {
    throw new PbtxtSyntaxError(reason, line, col(at));
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\f" || c === "\v") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: "identifier", text: text.slice(start, i), line, column: col(start) });
      continue;
    }
    if (isDigit(c) || (c === "." && isDigit(text[i + 1] ?? ""))) {
      i = scanNumber(text, i, (reason) => fail(reason, start));
      tokens.push({ kind: "number", text: text.slice(start, i), line, column: col(start) });
      continue;
    }
    if (c === '"' || c === "'") {
      const { end, value } = scanString(text, i, (reason, at) => fail(reason, at));
      i = end;
      tokens.push({ kind: "string", text: text.slice(start, i), value, line, column: col(start) });
      continue;
    }
    if (PUNCT.has(c)) {
      i++;
      tokens.push({ kind: "punct", text: c, line, column: col(start) });
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`, i);
  }
  tokens.push({ kind: "eof", text: "", line, column: col(i) });
  return tokens;
}

/** Decimal, octal and hex integers, and floats with an optional exponent and `f` suffix. */
function scanNumber(text: string, start: number, fail: (reason: string) => never): number {
  let i = start;
  if (text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X")) {
    i += 2;
    const digitsStart = i;
    while (i < text.length && /[0-9a-fA-F]/.test(text[i]!)) i++;
    if (i === digitsStart) fail("expected hex digits after 0x");
  } else {
    while (i < text.length && isDigit(text[i]!)) i++;
    if (text[i] === ".") {
      i++;
      while (i < text.length && isDigit(text[i]!)) i++;
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      const expStart = i;
      while (i < text.length && isDigit(text[i]!)) i++;
      if (i === expStart) fail("expected digits in the exponent");
    }
    if (text[i] === "f" || text[i] === "F") i++;
  }
  // "12abc" is one bad token, not a number followed by an identifier.
  if (i < text.length && (isIdentPart(text[i]!) || text[i] === ".")) fail(`invalid number ${JSON.stringify(text.slice(start, i + 1))}`);
  return i;
}

/** A quoted string (either quote kind) with C-style escapes; strings are bytes, decoded as UTF-8. */
function scanString(
  text: string,
  start: number,
  fail: (reason: string, at: number) => never,
): { end: number; value: string } {
  const quote = text[start]!;
  const bytes: number[] = [];
  let run = start + 1; // start of the current run of plain characters
  let i = start + 1;
  const flush = (to: number) => {
    if (to > run) for (const b of utf8.encode(text.slice(run, to))) bytes.push(b);
  };
  for (;;) {
    if (i >= text.length || text[i] === "\n") fail("unterminated string", start);
    const c = text[i]!;
    if (c === quote) {
      flush(i);
      return { end: i + 1, value: utf8Decode.decode(new Uint8Array(bytes)) };
    }
    if (c !== "\\") {
      i++;
      continue;
    }
    flush(i);
    const e = text[i + 1] ?? "";
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]!);
      i += 2;
    } else if (e === "x" || e === "X") {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4));
      if (!m) fail("expected hex digits after \\x", i);
      bytes.push(parseInt(m![0], 16));
      i += 2 + m![0].length;
    } else if (e >= "0" && e <= "7") {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))!;
      const v = parseInt(m[0], 8);
      if (v > 255) fail("octal escape out of range", i);
      bytes.push(v);
      i += 1 + m[0].length;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail(`expected ${n} hex digits after \\${e}`, i);
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) fail("invalid unicode escape", i);
      for (const b of utf8.encode(String.fromCodePoint(cp))) bytes.push(b);
      i += 2 + n;
    } else {
      fail(`invalid escape "\\${e}"`, i);
    }
    run = i;
  }
}
