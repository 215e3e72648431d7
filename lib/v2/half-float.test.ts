import { describe, expect, it } from "vitest";
import { bf16BitsToNumber, fp16BitsToNumber, numberToBf16Bits, numberToFp16Bits } from "./half-float";

describe("FP16", () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest half: infinity
    [Infinity, 0x7c00],
    [-0, 0x8000],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -26, 0x0000], // below half the smallest subnormal: zero
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even
    [1 + 3 * 2 ** -11, 0x3c02],
  ])("encodes %d as 0x%s", (value, bits) => {
    expect(numberToFp16Bits(value)).toBe(bits);
  });

  it("round-trips every finite half exactly", () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const exp = (bits >>> 10) & 0x1f;
      if (exp === 0x1f) continue;
      expect(numberToFp16Bits(fp16BitsToNumber(bits))).toBe(bits);
    }
  });

  it("keeps NaN a NaN", () => {
    expect(Number.isNaN(fp16BitsToNumber(numberToFp16Bits(NaN)))).toBe(true);
  });
});

describe("BF16", () => {
  it("truncates float32 with round-to-nearest-even", () => {
    expect(numberToBf16Bits(1)).toBe(0x3f80);
    expect(numberToBf16Bits(Math.PI)).toBe(0x4049);
    expect(bf16BitsToNumber(0x3f80)).toBe(1);
    expect(bf16BitsToNumber(numberToBf16Bits(-1.5))).toBe(-1.5);
    expect(Number.isNaN(bf16BitsToNumber(numberToBf16Bits(NaN)))).toBe(true);
  });
});
