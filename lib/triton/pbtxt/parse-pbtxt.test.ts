import { describe, expect, it } from "vitest";
import { parsePbtxt, type PbtxtField } from "./parse-pbtxt";
import { PbtxtSyntaxError } from "./pbtxt-syntax-error";

const scalar = (fields: PbtxtField[], name: string) => fields.filter((f) => f.name === name).map((f) => f.value);

describe("parsePbtxt", () => {
  it("reads scalars of every kind with their positions", () => {
    const fields = parsePbtxt(`a: 1\n  b: -2.5e3 c: 0x1F d: 017 e: .5 f: 1.5f g: -inf\nh: "x" 'y' i: IDENT`);
    expect(fields.map((f) => [f.name, f.line, f.column])).toEqual([
      ["a", 1, 1],
      ["b", 2, 3],
      ["c", 2, 13],
      ["d", 2, 21],
      ["e", 2, 28],
      ["f", 2, 34],
      ["g", 2, 42],
      ["h", 3, 1],
      ["i", 3, 12],
    ]);
    const values = fields.map((f) => f.value);
    expect(values[0]).toMatchObject({ kind: "number", value: 1, isInteger: true });
    expect(values[1]).toMatchObject({ kind: "number", value: -2500, isInteger: false });
    expect(values[2]).toMatchObject({ value: 31, isInteger: true });
    expect(values[3]).toMatchObject({ value: 15, isInteger: true });
    expect(values[4]).toMatchObject({ value: 0.5, isInteger: false });
    expect(values[5]).toMatchObject({ value: 1.5, isInteger: false });
    expect(values[6]).toMatchObject({ value: -Infinity });
    expect(values[7]).toMatchObject({ kind: "string", value: "xy" }); // adjacent strings concatenate
    expect(values[8]).toMatchObject({ kind: "identifier", value: "IDENT" });
  });

  it("decodes escapes in both quote kinds", () => {
    const [f] = parsePbtxt(String.raw`s: "tab\there \"q\" \'s\' \x41\101 \u00e9 \n"`);
    expect(f!.value).toMatchObject({ value: `tab\there "q" 's' AA é \n` });
    const [g] = parsePbtxt(String.raw`s: 'it\'s "fine" \303\251'`);
    expect(g!.value).toMatchObject({ value: `it's "fine" é` }); // octal escapes are UTF-8 bytes
  });

  it("reads messages with {} or <>, with or without a colon, and lists of both kinds", () => {
    const fields = parsePbtxt(`
      m { x: 1 }
      n: < y: 2 >
      dims: [ 1, -1, 3 ]
      input [ { name: "a" }, { name: "b" } ]
      empty: [ ]
    `);
    expect(fields.map((f) => f.name)).toEqual(["m", "n", "dims", "dims", "dims", "input", "input"]);
    expect(scalar(fields, "dims").map((v) => (v.kind === "number" ? v.value : null))).toEqual([1, -1, 3]);
    expect(scalar(fields, "input").map((v) => v.kind === "message" && v.fields[0]!.value)).toMatchObject([{ value: "a" }, { value: "b" }]);
  });

  it("skips comments and accepts ; and , as separators", () => {
    const fields = parsePbtxt(`# leading\na: 1; # trailing\nb: 2,\nc { d: 3; e: 4, }`);
    expect(fields.map((f) => f.name)).toEqual(["a", "b", "c"]);
  });

  it.each([
    [`a: 1\nb 2`, 2, 3, `expected ":" or "{" after field name "b"`],
    [`a {\n  b: 1\n`, 3, 1, `expected "}" before the end of the file`],
    [`a: "unterminated\n"`, 1, 4, "unterminated string"],
    [`dims: [1, 2`, 1, 12, `expected "," or "]"`],
    [`dims: [1 2]`, 1, 10, `expected "," or "]"`],
    [`a: 12abc`, 1, 4, "invalid number"],
    [`a: 09`, 1, 4, "invalid octal"],
    [`a: $`, 1, 4, "unexpected character"],
    [`a: "\\q"`, 1, 5, "invalid escape"],
    [`a: -b`, 1, 5, `expected a number after "-"`],
    [`input [ "x" ]`, 1, 9, `expected "{" in a list of messages`],
    [`a: }`, 1, 4, "expected a value"],
    [`}`, 1, 1, "expected a field name"],
    [`a: 1 }`, 1, 6, "expected a field name"],
  ])("reports %j at its line and column", (text, line, column, reason) => {
    let error: unknown;
    try {
      parsePbtxt(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PbtxtSyntaxError);
    expect(error).toMatchObject({ line, column });
    expect((error as PbtxtSyntaxError).reason).toContain(reason);
  });

  it("refuses nesting deep enough to exhaust the stack", () => {
    expect(() => parsePbtxt("a ".concat("{ a ".repeat(10_000)))).toThrow(/nested deeper/);
  });
});
