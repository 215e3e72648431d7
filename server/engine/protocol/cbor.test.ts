import { cbor as smithyCbor, tag } from "@smithy/core/cbor";
import { describe, expect, it } from "vitest";
import { CborDecodeError, decodeCbor } from "./cbor-decode";
import { encodeCbor } from "./cbor-encode";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const decodeHex = (s: string) => decodeCbor(hex(s));
const encodeHex = (v: unknown) => encodeCbor(v).toString("hex");

describe("decodeCbor: RFC 8949 appendix A", () => {
  it.each([
    ["00", 0],
    ["17", 23],
    ["1818", 24],
    ["1903e8", 1000],
    ["1a000f4240", 1000000],
    ["1b000000e8d4a51000", 1000000000000],
    ["1b001fffffffffffff", Number.MAX_SAFE_INTEGER],
    ["20", -1],
    ["3863", -100],
    ["3903e7", -1000],
    ["f90000", 0],
    ["f93c00", 1],
    ["f93e00", 1.5],
    ["f97bff", 65504],
    ["f90001", 5.960464477539063e-8],
    ["f90400", 0.00006103515625],
    ["f9c400", -4],
    ["f97c00", Infinity],
    ["f9fc00", -Infinity],
    ["fa47c35000", 100000],
    ["fa7f7fffff", 3.4028234663852886e38],
    ["fb3ff199999999999a", 1.1],
    ["fbc010666666666666", -4.1],
    ["fb7ff0000000000000", Infinity],
    ["f4", false],
    ["f5", true],
    ["f6", null],
    ["f7", null],
    ["60", ""],
    ["6449455446", "IETF"],
    ["62225c", '"\\'],
    ["62c3bc", "\u00fc"],
    ["63e6b0b4", "\u6c34"],
    ["64f0908591", "\u{10151}"],
    ["7f657374726561646d696e67ff", "streaming"],
  ])("%s", (bytes, expected) => {
    expect(decodeHex(bytes)).toBe(expected);
  });

  it("reads half, single and double NaN", () => {
    for (const bytes of ["f97e00", "fa7fc00000", "fb7ff8000000000000"]) expect(decodeHex(bytes)).toBeNaN();
  });

  it("reads byte strings, definite and chunked, as copies", () => {
    const body = hex("5f42010243030405ff");
    const out = decodeCbor(body) as Uint8Array;
    expect([...out]).toEqual([1, 2, 3, 4, 5]);
    expect([...(decodeHex("4401020304") as Uint8Array)]).toEqual([1, 2, 3, 4]);
    body[2] = 9;
    expect(out[0]).toBe(1);
  });

  it("reads arrays and maps, definite and indefinite", () => {
    expect(decodeHex("83010203")).toEqual([1, 2, 3]);
    expect(decodeHex("8301820203820405")).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeHex("98190102030405060708090a0b0c0d0e0f101112131415161718181819")).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(decodeHex("9fff")).toEqual([]);
    expect(decodeHex("9f018202039f0405ffff")).toEqual([1, [2, 3], [4, 5]]);
    expect(decodeHex("a26161016162820203")).toEqual({ a: 1, b: [2, 3] });
    expect(decodeHex("bf61610161629f0203ffff")).toEqual({ a: 1, b: [2, 3] });
    expect(decodeHex("bf6346756ef563416d7421ff")).toEqual({ Fun: true, Amt: -2 });
  });

  it("reads tag 1 as a Date from an integer or a float", () => {
    expect(decodeHex("c11a514b67b0")).toEqual(new Date("2013-03-21T20:04:00Z"));
    expect(decodeHex("c1fb41d452d9ec200000")).toEqual(new Date("2013-03-21T20:04:00.500Z"));
  });
});

describe("decodeCbor refuses hostile or malformed input", () => {
  const refuses = (bytes: Uint8Array | string, reason: RegExp) =>
    expect(() => decodeCbor(typeof bytes === "string" ? hex(bytes) : bytes)).toThrow(expect.objectContaining({ constructor: CborDecodeError, message: expect.stringMatching(reason) }));

  it("nesting beyond the limit, before the stack runs out", () => {
    const deep = Buffer.alloc(200_000, 0x81);
    deep[deep.length - 1] = 0x00;
    refuses(deep, /nest deeper than 32/);
    refuses(Buffer.alloc(100_000, 0x9f), /nest deeper/);
    refuses(Buffer.alloc(100_000, 0xc1), /nest deeper/);
    expect(() => decodeCbor(hex("818100"), { maxDepth: 1 })).toThrow(/nest deeper than 1/);
    expect(decodeCbor(hex("818100"), { maxDepth: 2 })).toEqual([[0]]);
  });

  it("lengths and counts beyond the body, before allocating for them", () => {
    refuses("5a7fffffff00", /length of 2147483647 runs past the end/);
    refuses("7b001fffffffffffff41", /runs past the end/);
    refuses("9b001fffffffffffff00", /count of 9007199254740991 items runs past the end/);
    refuses("bb000000010000000000", /runs past the end/);
    refuses("9a0000000301", /runs past the end/);
    refuses("1bffffffffffffffff", /beyond 2\^53/);
    refuses("3bffffffffffffffff", /beyond 2\^53/);
  });

  it("truncated items", () => {
    for (const bytes of ["", "19 03", "fb 3ff1", "63 6161", "82 01", "a1 6161", "9f 01", "bf 6161 01", "5f 4101", "c1"]) refuses(bytes, /ends inside|runs past/);
  });

  it("bytes after the item", () => {
    refuses("0102", /1 bytes follow the data item/);
  });

  it("map keys that are not text, or that repeat", () => {
    refuses("a10102", /keys must be text/);
    refuses("a2616101616102", /"a" appears twice/);
    refuses("bf6161016161 02ff", /"a" appears twice/);
  });

  it("keeps a __proto__ key an ordinary member", () => {
    const out = decodeHex("a1695f5f70726f746f5f5fa161780" + "1") as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBeNull();
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect((out as { x?: unknown }).x).toBeUndefined();
  });

  it("invalid UTF-8", () => {
    refuses("62fffe", /not valid UTF-8/);
    refuses("7f61c3 61bcff", /not valid UTF-8/); // a character split across chunks
  });

  it("tags other than 1, and tag 1 on anything but a finite number", () => {
    refuses("c074323031332d30332d32315432303a30343a30305a", /tag 0 is not supported/);
    refuses("c249010000000000000000", /tag 2 is not supported/);
    refuses("c16161", /must hold a finite number/);
    refuses("c1f97c00", /must hold a finite number/);
    refuses("c1fb7fefffffffffffff", /out of range/);
  });

  it("breaks, chunks and additional information where they do not belong", () => {
    refuses("ff", /break code outside/);
    refuses("82 01 ff", /break code outside/);
    refuses("bf 6161 ff", /break code outside/);
    refuses("5f 6161 ff", /only definite strings of its own type/);
    refuses("7f 7f6161ffff", /only definite strings/);
    refuses("1c", /additional information 28/);
    refuses("1f", /additional information 31/);
    refuses("df00", /additional information 31/);
    refuses("f0", /simple value 16/);
    refuses("f820", /simple value 24/);
  });
});

describe("encodeCbor", () => {
  it("writes integers in the smallest head, other numbers as float32 when exact, else float64", () => {
    expect(encodeHex(0)).toBe("00");
    expect(encodeHex(23)).toBe("17");
    expect(encodeHex(24)).toBe("1818");
    expect(encodeHex(1000)).toBe("1903e8");
    expect(encodeHex(1000000)).toBe("1a000f4240");
    expect(encodeHex(1000000000000)).toBe("1b000000e8d4a51000");
    expect(encodeHex(-1)).toBe("20");
    expect(encodeHex(-1000)).toBe("3903e7");
    expect(encodeHex(1.5)).toBe("fa3fc00000");
    expect(encodeHex(1.1)).toBe("fb3ff199999999999a");
    expect(encodeHex(-0)).toBe("fa80000000");
    expect(encodeHex(2 ** 60)).toBe("fa5d800000");
    expect(encodeHex(Infinity)).toBe("fa7f800000");
    expect(decodeCbor(encodeCbor(NaN))).toBeNaN();
    expect(encodeHex(2n ** 64n - 1n)).toBe("1bffffffffffffffff");
  });

  it("writes strings, bytes, booleans, arrays and maps, leaving null and undefined members out", () => {
    expect(encodeHex("IETF")).toBe("6449455446");
    expect(encodeHex("\u00fc")).toBe("62c3bc");
    expect(encodeHex(new Uint8Array([1, 2]))).toBe("420102");
    expect(encodeHex([true, false, null])).toBe("83f5f4f6");
    expect(encodeHex({ a: 1, b: null, c: undefined, d: [2] })).toBe("a261610161648102");
    expect(encodeHex("x".repeat(300))).toBe("79012c" + "78".repeat(300));
  });

  it("writes Dates as tag 1: whole seconds as integers, milliseconds as a double", () => {
    expect(encodeHex(new Date("2013-03-21T20:04:00Z"))).toBe("c11a514b67b0");
    expect(encodeHex(new Date("2013-03-21T20:04:00.500Z"))).toBe("c1fb41d452d9ec200000");
    expect(() => encodeCbor(new Date(NaN))).toThrow(RangeError);
  });

  it("round-trips through its own decoder", () => {
    const value = { Label: "Latency", Datapoints: [{ Timestamp: new Date(1700000000123), Sum: 8, Average: 2.75, ExtendedStatistics: { p50: 3 } }], Empty: [], Text: "é\u{1f600}" };
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });
});

describe("agrees with @smithy/core's codec (what the JS SDK speaks)", () => {
  it("reads what it writes", () => {
    const input = {
      Namespace: "MME/Test",
      MetricData: [{ MetricName: "Latency", Value: 3.25, Counts: [1, 2], Timestamp: tag({ tag: 1, value: 1700000000.5 }), Dimensions: [{ Name: "A", Value: "b" }] }],
      Big: 2 ** 40,
      Neg: -70000,
      Flag: false,
    };
    expect(decodeCbor(smithyCbor.serialize(input))).toEqual({ ...input, MetricData: [{ ...input.MetricData[0], Timestamp: new Date(1700000000500) }] });
  });

  it("writes what it reads", () => {
    const out = smithyCbor.deserialize(encodeCbor({ Values: [1, 2.5, -3], Timestamps: [new Date(1700000000000), new Date(1700000000250)], Label: "x" }));
    expect(out.Values).toEqual([1, 2.5, -3]);
    expect(out.Timestamps.map((t: { tag: number; value: number }) => [t.tag, t.value])).toEqual([[1, 1700000000], [1, 1700000000.25]]);
    expect(out.Label).toBe("x");
  });
});
