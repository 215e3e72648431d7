import { describe, expect, it } from "vitest";
import { combineMembers, onGrid, reducePoints, timeGrid } from "./combine-series";
import { combineSeriesSets } from "./combine-series-sets";

describe("combining versions or variants", () => {
  it("adds counts bucket by bucket, keeping buckets only one member has", () => {
    expect(combineMembers("Sum", [{ points: [[0, 2], [60, 1]] }, { points: [[60, 3], [120, 4]] }])).toEqual([[0, 2], [60, 4], [120, 4]]);
  });

  it("weighs averages by their sample counts, and bounds percentiles by the largest", () => {
    const avg = combineMembers("Average", [
      { points: [[0, 1]], weights: [[0, 3]] },
      { points: [[0, 0]], weights: [[0, 1]] },
    ]);
    expect(avg).toEqual([[0, 0.75]]);
    expect(combineMembers("p99", [{ points: [[0, 500]] }, { points: [[0, 900]] }])).toEqual([[0, 900]]);
    expect(combineMembers("Minimum", [{ points: [[0, 500]] }, { points: [[0, 900]] }])).toEqual([[0, 500]]);
  });

  it("combines whole sets by each key's statistic, with the hit ratio weighed by its own samples", () => {
    const v1 = { invocations: [[0, 3]] as [number, number][], cacheHit: [[0, 1]] as [number, number][], cacheHitSamples: [[0, 3]] as [number, number][] };
    const v2 = { invocations: [[0, 1]] as [number, number][], cacheHit: [[0, 0]] as [number, number][], cacheHitSamples: [[0, 1]] as [number, number][] };
    expect(combineSeriesSets(["invocations", "cacheHit", "cacheHitSamples"], [v1, v2])).toEqual({
      invocations: [[0, 4]],
      cacheHit: [[0, 0.75]],
      cacheHitSamples: [[0, 4]],
    });
    expect(combineSeriesSets(["invocations"], [])).toEqual({ invocations: [] });
  });
});

describe("series on the chart grid", () => {
  it("puts points in their bucket whatever their alignment; counts fill with 0, the rest with gaps", () => {
    const grid = timeGrid(0, 300_000, 60);
    expect(grid).toEqual([0, 60_000, 120_000, 180_000, 240_000]);
    expect(onGrid([[61_000, 5], [250_000, 1], [999_999, 9]], grid, 60, 0)).toEqual([0, 5, 0, 0, 1]);
    expect(onGrid([[120_000, 7]], grid, 60, null)).toEqual([null, null, 7, null, null]);
  });

  it("reduces a range to one figure", () => {
    const pts: [number, number][] = [[0, 1], [60, 0.5]];
    expect(reducePoints("sum", [])).toBe(0);
    expect(reducePoints("peak", [])).toBeUndefined();
    expect(reducePoints("sum", pts)).toBe(1.5);
    expect(reducePoints("peak", pts)).toBe(1);
    expect(reducePoints("latest", pts)).toBe(0.5);
    expect(reducePoints("weighted", pts, [[0, 1], [60, 3]])).toBe(0.625);
  });
});
