import { describe, expect, it } from "vitest";
import { addStatisticSet, addValue, decodeStats, emptyStats, encodeStats, EXACT_LIMIT, mergeStats, QUERY_EXACT_LIMIT } from "./bucket-stats";
import { percentile } from "./percentile";
import { RELATIVE_ACCURACY, ValueSketch } from "./value-sketch";

const withValues = (values: number[]) => {
  const stats = emptyStats();
  for (const v of values) addValue(stats, v);
  return stats;
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("percentile (nearest rank)", () => {
  it("answers observed values exactly while the bucket is exact", () => {
    const stats = withValues(range(1, 100).reverse());
    expect(stats.exact).not.toBeNull();
    expect([0, 1, 50, 90, 99, 99.5, 100].map((p) => percentile(stats, p))).toEqual([1, 1, 50, 90, 99, 100, 100]);
  });

  it("weights values by their counts", () => {
    const stats = emptyStats();
    addValue(stats, 10, 9);
    addValue(stats, 1000, 1);
    expect(percentile(stats, 90)).toBe(10);
    expect(percentile(stats, 91)).toBe(1000);
  });

  it("has none for negative values or a statistic set that hides its values", () => {
    expect(percentile(withValues([-1, 5]), 50)).toBeUndefined();
    const set = emptyStats();
    addStatisticSet(set, { SampleCount: 3, Sum: 6, Minimum: 1, Maximum: 3 });
    expect(percentile(set, 50)).toBeUndefined();
    const same = emptyStats();
    addStatisticSet(same, { SampleCount: 4, Sum: 8, Minimum: 2, Maximum: 2 });
    expect(percentile(same, 50)).toBe(2);
  });

  it("moves past EXACT_LIMIT values into the sketch, within 1% of the exact answer", () => {
    const values = range(1, 10_000);
    const stats = withValues(values);
    expect(stats.exact).toBeNull();
    for (const p of [1, 25, 50, 90, 99, 99.9]) {
      const exact = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(percentile(stats, p)! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY);
    }
    expect(percentile(stats, 100)).toBe(10_000);
  });

  it("merges exact buckets exactly up to the query limit, and sketches with exact ones", () => {
    const period = emptyStats();
    for (let s = 0; s < 10; s++) mergeStats(period, withValues(range(s * 100 + 1, s * 100 + 100)), QUERY_EXACT_LIMIT);
    expect(period.exact).not.toBeNull();
    expect(percentile(period, 50)).toBe(500);
    expect(percentile(period, 99)).toBe(990);

    const mixed = emptyStats();
    mergeStats(mixed, withValues(range(1, EXACT_LIMIT + 1)), QUERY_EXACT_LIMIT);
    mergeStats(mixed, withValues([5000]), QUERY_EXACT_LIMIT);
    expect(mixed.sketch).not.toBeNull();
    expect(mixed.count).toBe(EXACT_LIMIT + 2);
    expect(percentile(mixed, 100)).toBe(5000);
  });

  it("round-trips a bucket through its row form", () => {
    for (const stats of [withValues([3, 1, 2]), withValues(range(1, 1000))]) {
      const back = decodeStats(encodeStats(stats));
      expect(back).toMatchObject({ count: stats.count, sum: stats.sum, min: stats.min, max: stats.max });
      expect(percentile(back, 37)).toBe(percentile(stats, 37));
    }
  });
});

describe("ValueSketch", () => {
  it("keeps every quantile within the relative accuracy over a wide range", () => {
    const sketch = new ValueSketch();
    const values = range(0, 4000).map((i) => Math.pow(10, i / 500 - 3)); // 0.001 .. 100,000
    for (const v of values) sketch.add(v);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1]!;
      expect(Math.abs(sketch.quantile(q)! - exact) / exact).toBeLessThanOrEqual(RELATIVE_ACCURACY);
    }
  });

  it("merges as if all values had been added to one", () => {
    const a = new ValueSketch();
    const b = new ValueSketch();
    const both = new ValueSketch();
    range(1, 500).forEach((v) => (v % 2 ? a : b).add(v));
    range(1, 500).forEach((v) => both.add(v));
    a.merge(b);
    expect(a.count).toBe(500);
    expect(a.quantile(0.5)).toBe(both.quantile(0.5));
    expect(ValueSketch.decode(a.encode()).quantile(0.9)).toBe(both.quantile(0.9));
  });

  it("counts zeros apart and stays bounded over an absurd range", () => {
    const sketch = new ValueSketch();
    sketch.add(0, 10);
    sketch.add(1);
    expect(sketch.quantile(0.5)).toBe(0);
    for (let e = -300; e <= 300; e += 0.01) sketch.add(Math.pow(10, e));
    expect(sketch.bins.size).toBeLessThanOrEqual(4096);
  });
});
