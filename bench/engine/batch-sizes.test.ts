import { describe, expect, it } from "vitest";
import { batchSizeSequence } from "./batch-sizes";

describe("batchSizeSequence", () => {
  it.each([1, 2, 7.25, 13.6, 19.97, 32])("mixes floor and ceil of %f so that they average it", (mean) => {
    const next = batchSizeSequence(mean, 32);
    const sizes = Array.from({ length: 400 }, next);
    expect(new Set(sizes.map((s) => s === Math.floor(mean) || s === Math.ceil(mean)))).toEqual(new Set([true]));
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 400 * mean)).toBeLessThanOrEqual(1);
  });

  it("never goes past the largest batch, nor accepts less than a row", () => {
    expect(Array.from({ length: 5 }, batchSizeSequence(40, 32))).toEqual([32, 32, 32, 32, 32]);
    expect(() => batchSizeSequence(0.5, 32)).toThrow(/at least 1 row/);
    expect(() => batchSizeSequence(Number.NaN, 32)).toThrow(/at least 1 row/);
  });
});
