import { describe, expect, it } from "vitest";
import { parseUbjson, UbjsonError } from "./ubjson";

/** Bytes from ASCII strings (markers, keys) and numbers (raw bytes). */
function b(...parts: (string | number | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "string") for (const ch of p) out.push(ch.charCodeAt(0));
    else if (typeof p === "number") out.push(p);
    else out.push(...p);
  }
  return new Uint8Array(out);
}

const be = (bytes: number, write: (v: DataView) => void): number[] => {
  const v = new DataView(new ArrayBuffer(bytes));
  write(v);
  return Array.from(new Uint8Array(v.buffer));
};
const f32 = (x: number) => be(4, (v) => v.setFloat32(0, x));
const f64 = (x: number) => be(8, (v) => v.setFloat64(0, x));
const i32 = (x: number) => be(4, (v) => v.setInt32(0, x));
const i64 = (x: bigint) => be(8, (v) => v.setBigInt64(0, x));

describe("parseUbjson", () => {
  it("reads every scalar type, big-endian", () => {
    expect(parseUbjson(b("Z"))).toBe(null);
    expect(parseUbjson(b("T"))).toBe(true);
    expect(parseUbjson(b("F"))).toBe(false);
    expect(parseUbjson(b("i", 0xff))).toBe(-1);
    expect(parseUbjson(b("U", 0xff))).toBe(255);
    expect(parseUbjson(b("I", 0x01, 0x00))).toBe(256);
    expect(parseUbjson(b("l", i32(-123456)))).toBe(-123456);
    expect(parseUbjson(b("L", i64(2n ** 40n)))).toBe(2 ** 40);
    expect(parseUbjson(b("d", f32(0.5234375)))).toBe(0.5234375);
    expect(parseUbjson(b("d", f32(0.1)))).toBe(Math.fround(0.1));
    expect(parseUbjson(b("D", f64(0.1)))).toBe(0.1);
    expect(parseUbjson(b("C", "x"))).toBe("x");
    expect(parseUbjson(b("S", "U", 5, "hello"))).toBe("hello");
    expect(parseUbjson(b("S", "U", 2, [0xc3, 0xa9]))).toBe("é");
    expect(parseUbjson(b("H", "U", 4, "1e-3"))).toBe(0.001);
  });

  it("reads plain and counted containers, skipping no-ops", () => {
    expect(parseUbjson(b("[", "U", 1, "N", "S", "U", 1, "a", "T", "]"))).toEqual([1, "a", true]);
    expect(parseUbjson(b("[", "#", "U", 2, "i", 1, "Z"))).toEqual([1, null]);
    const o = parseUbjson(b("{", "U", 1, "a", "U", 7, "U", 1, "b", "[", "]", "}")) as Record<string, unknown>;
    expect({ ...o }).toEqual({ a: 7, b: [] });
    const counted = parseUbjson(b("{", "#", "L", i64(1n), "L", i64(3n), "key", "S", "U", 1, "v")) as Record<string, unknown>;
    expect(counted.key).toBe("v");
  });

  it("reads typed containers as typed arrays (as XGBoost writes its node arrays)", () => {
    expect(parseUbjson(b("[", "$", "d", "#", "L", i64(2n), f32(1.5), f32(-2)))).toEqual(new Float32Array([1.5, -2]));
    expect(parseUbjson(b("[", "$", "l", "#", "U", 3, i32(-1), i32(0), i32(7)))).toEqual(new Int32Array([-1, 0, 7]));
    expect(parseUbjson(b("[", "$", "U", "#", "U", 3, 0, 1, 255))).toEqual(new Uint8Array([0, 1, 255]));
    expect(parseUbjson(b("[", "$", "i", "#", "U", 2, 0xff, 1))).toEqual(new Int8Array([-1, 1]));
    expect(parseUbjson(b("[", "$", "D", "#", "U", 1, f64(0.1)))).toEqual(new Float64Array([0.1]));
    expect(parseUbjson(b("[", "$", "L", "#", "U", 1, i64(5n)))).toEqual(new Float64Array([5]));
    expect(parseUbjson(b("[", "$", "S", "#", "U", 2, "U", 1, "a", "U", 1, "b"))).toEqual(["a", "b"]);
    expect(parseUbjson(b("[", "$", "T", "#", "U", 2))).toEqual([true, true]);
    const typedObject = parseUbjson(b("{", "$", "U", "#", "U", 2, "U", 1, "a", 1, "U", 1, "b", 2)) as Record<string, unknown>;
    expect({ ...typedObject }).toEqual({ a: 1, b: 2 });
  });

  it("keeps __proto__ an ordinary key", () => {
    const o = parseUbjson(b("{", "U", 9, "__proto__", "U", 1, "}")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBe(null);
    expect(o["__proto__"]).toBe(1);
  });

  it.each([
    ["empty input", b(), /unexpected end/],
    ["a truncated number", b("l", 0, 0), /needs 4 bytes/],
    ["a truncated string", b("S", "U", 9, "abc"), /needs 9 bytes/],
    ["an unterminated array", b("[", "U", 1), /unexpected end/],
    ["an unterminated object", b("{", "U", 1, "a", "T"), /unexpected end/],
    ["an unknown marker", b("X"), /unknown type marker 0x58/],
    ["a non-integer length", b("S", "d", f32(1)), /a length must be an integer/],
    ["a negative length", b("S", "i", 0xff), /negative length/],
    ["a count larger than the data", b("[", "$", "d", "#", "L", i64(1n << 40n), f32(1)), /more than the data left can hold/],
    ["a huge untyped count", b("[", "#", "l", i32(0x7fffffff), "Z"), /more than the data left can hold/],
    ["a typed container without a count", b("[", "$", "d", f32(1), "]"), /must give a count/],
    ["an int64 beyond 2^53", b("L", i64(2n ** 60n)), /does not fit a double/],
    ["trailing bytes", b("T", "T"), /1 bytes after the top-level value/],
    ["invalid UTF-8", b("S", "U", 1, 0xff), /not valid UTF-8/],
    ["nesting 10,000 deep", b(...Array(10_000).fill("[")), /nesting deeper than 64/],
  ])("refuses %s with a UbjsonError", (_, bytes, message) => {
    expect(() => parseUbjson(bytes)).toThrow(UbjsonError);
    expect(() => parseUbjson(bytes)).toThrow(message);
  });
});
