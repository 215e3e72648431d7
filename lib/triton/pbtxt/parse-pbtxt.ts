import { PbtxtSyntaxError } from "./pbtxt-syntax-error";
import { tokenizePbtxt, type PbtxtToken } from "./tokenize-pbtxt";

/**
 * A protobuf text format document as a generic tree: it knows no schema, so a repeated field is
 * simply a field name that appears more than once (lists `[a, b]` are expanded into one field
 * per element). Every node keeps its line and column for later messages.
 */
export interface PbtxtField {
  name: string;
  value: PbtxtValue;
  line: number;
  column: number;
}

export type PbtxtValue =
  | { kind: "string"; value: string; line: number; column: number }
  | { kind: "number"; text: string; value: number; isInteger: boolean; line: number; column: number }
  | { kind: "identifier"; value: string; line: number; column: number }
  | { kind: "message"; fields: PbtxtField[]; line: number; column: number };

// Deep enough for any real config; stops "{{{{..." from exhausting the stack.
const MAX_DEPTH = 64;

/** Parses a text format message; throws PbtxtSyntaxError at the first error. */
export function parsePbtxt(text: string): PbtxtField[] {
  return new Parser(tokenizePbtxt(text)).parseDocument();
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: PbtxtToken[]) {}

  parseDocument(): PbtxtField[] {
    const fields = this.parseFields(null, 0);
    const end = this.peek();
    if (end.kind !== "eof") this.fail(`unexpected ${describe(end)}`, end);
    return fields;
  }

  private peek(): PbtxtToken {
    return this.tokens[this.at]!;
  }
  private next(): PbtxtToken {
    const t = this.tokens[this.at]!;
    if (t.kind !== "eof") this.at++;
    return t;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.text === text;
  }
  private fail(reason: string, t: PbtxtToken): never {
    throw new PbtxtSyntaxError(reason, t.line, t.column);
  }

  /** Fields up to the closing delimiter (`}` or `>`), or to the end of the text at top level. */
  private parseFields(close: "}" | ">" | null, depth: number): PbtxtField[] {
    const fields: PbtxtField[] = [];
    for (;;) {
      const t = this.peek();
      if (close === null ? t.kind === "eof" : this.isPunct(close)) return fields;
      if (t.kind === "eof") this.fail(`expected "${close}" before the end of the file`, t);
      if (t.kind !== "identifier") this.fail(`expected a field name, found ${describe(t)}`, t);
      this.next();
      fields.push(...this.parseFieldValue(t, depth));
      if (this.isPunct(";") || this.isPunct(",")) this.next();
    }
  }

  /** After a field name: `: scalar`, `: [scalars]`, `[:] {message}` or `[:] [messages]`. */
  private parseFieldValue(name: PbtxtToken, depth: number): PbtxtField[] {
    const hasColon = this.isPunct(":");
    if (hasColon) this.next();
    const field = (value: PbtxtValue): PbtxtField => ({ name: name.text, value, line: name.line, column: name.column });
    if (this.isPunct("{") || this.isPunct("<")) return [field(this.parseMessage(depth))];
    if (this.isPunct("[")) return this.parseList(hasColon, depth).map(field);
    if (!hasColon) this.fail(`expected ":" or "{" after field name "${name.text}", found ${describe(this.peek())}`, this.peek());
    return [field(this.parseScalar())];
  }

  private parseMessage(depth: number): PbtxtValue {
    if (depth >= MAX_DEPTH) this.fail(`messages nested deeper than ${MAX_DEPTH} levels`, this.peek());
    const open = this.next();
    const close = open.text === "{" ? "}" : ">";
    const fields = this.parseFields(close, depth + 1);
    this.next();
    return { kind: "message", fields, line: open.line, column: open.column };
  }

  /** `[a, b]` of scalars (only after a colon, as protoc requires) or of messages. */
  private parseList(hasColon: boolean, depth: number): PbtxtValue[] {
    this.next();
    const values: PbtxtValue[] = [];
    if (this.isPunct("]")) {
      this.next();
      return values;
    }
    for (;;) {
      const t = this.peek();
      if (this.isPunct("{") || this.isPunct("<")) values.push(this.parseMessage(depth));
      else if (!hasColon) this.fail(`expected "{" in a list of messages, found ${describe(t)}`, t);
      else values.push(this.parseScalar());
      if (this.isPunct(",")) {
        this.next();
        continue;
      }
      if (this.isPunct("]")) {
        this.next();
        return values;
      }
      this.fail(`expected "," or "]" in a list, found ${describe(this.peek())}`, this.peek());
    }
  }

  private parseScalar(): PbtxtValue {
    const t = this.next();
    if (t.kind === "string") {
      // Adjacent strings concatenate, as in C.
      let value = t.value;
      while (this.peek().kind === "string") value += (this.next() as { value: string }).value;
      return { kind: "string", value, line: t.line, column: t.column };
    }
    if (t.kind === "number") return numberValue(t.text, false, t);
    if (t.kind === "identifier") return { kind: "identifier", value: t.text, line: t.line, column: t.column };
    if (t.kind === "punct" && t.text === "-") {
      const n = this.next();
      if (n.kind === "number") return numberValue(n.text, true, t);
      if (n.kind === "identifier" && /^(inf|infinity|nan)$/i.test(n.text)) {
        const value = /^nan$/i.test(n.text) ? NaN : -Infinity;
        return { kind: "number", text: `-${n.text}`, value, isInteger: false, line: t.line, column: t.column };
      }
      this.fail(`expected a number after "-", found ${describe(n)}`, n);
    }
    this.fail(`expected a value, found ${describe(t)}`, t);
  }
}

function numberValue(text: string, negative: boolean, at: PbtxtToken): PbtxtValue {
  const sign = negative ? -1 : 1;
  const pos = { line: at.line, column: at.column };
  if (/^0[xX]/.test(text)) return { kind: "number", text: (negative ? "-" : "") + text, value: sign * parseInt(text.slice(2), 16), isInteger: true, ...pos };
  if (/^0[0-7]+$/.test(text)) return { kind: "number", text: (negative ? "-" : "") + text, value: sign * parseInt(text, 8), isInteger: true, ...pos };
  if (/^0\d+$/.test(text)) throw new PbtxtSyntaxError(`invalid octal number "${text}"`, at.line, at.column);
  const isInteger = /^\d+$/.test(text);
  return { kind: "number", text: (negative ? "-" : "") + text, value: sign * parseFloat(text.replace(/[fF]$/, "")), isInteger, ...pos };
}

function describe(t: PbtxtToken): string {
  if (t.kind === "eof") return "the end of the file";
  if (t.kind === "string") return `string ${t.text.length > 30 ? t.text.slice(0, 30) + "…" : t.text}`;
  return `"${t.text}"`;
}
