import { describe, expect, it } from "vitest";
import { formatTick, formatValueTick, niceTicks, timeTicks } from "./chart-scale";
import { displayUnit, formatMetric } from "./format-metric";

describe("metric formatting", () => {
  it("writes microseconds as µs, ms or s, ratios as percent, counts grouped", () => {
    expect(formatMetric(850, "microseconds")).toBe("850 µs");
    expect(formatMetric(12_345, "microseconds")).toBe("12.3 ms");
    expect(formatMetric(2_500_000, "microseconds")).toBe("2.5 s");
    expect(formatMetric(0.875, "ratio")).toBe("87.5 %");
    expect(formatMetric(42.123, "percent")).toBe("42.1 %");
    expect(formatMetric(12_045, "count")).toBe("12,045");
    expect(formatMetric(undefined, "count")).toBe("—");
    expect(displayUnit("microseconds", 25_000)).toEqual({ divisor: 1000, suffix: "ms" });
  });
});

describe("chart scales", () => {
  it("makes round value ticks from 0 that reach the maximum", () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0.9)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(2, 4, true)).toEqual([0, 1, 2]);
    expect(niceTicks(10, 4, true)).toEqual([0, 5, 10]);
    expect(niceTicks(0.009).map((t, _, all) => formatValueTick(t, all))).toEqual(["0.0000", "0.0025", "0.0050", "0.0075", "0.0100"]);
    expect(niceTicks(7).map((t, _, all) => formatValueTick(t, all))).toEqual(["0", "2", "4", "6", "8"]);
    expect(formatValueTick(12_000, [0, 5000])).toBe("12,000");
  });

  it("puts time ticks on round UTC times and labels them for the span", () => {
    const start = Date.parse("2026-12-03T11:02:00Z");
    const ticks = timeTicks(start, start + 3_600_000);
    expect(ticks.map((t) => formatTick(t, 3_600_000))).toEqual(["11:10", "11:20", "11:30", "11:40", "11:50", "12:00"]);
    expect(formatTick(Date.parse("2026-12-03T00:00:00Z"), 7 * 86_400_000)).toBe("12-03");
    expect(formatTick(Date.parse("2026-12-03T12:00:00Z"), 2 * 86_400_000)).toBe("12-03 12:00");
    // A chart of the last few minutes (a new endpoint's) ticks between minutes, with seconds.
    const short = timeTicks(start, start + 150_000);
    expect(short.map((t) => formatTick(t, 150_000))).toEqual(["11:02", "11:02:30", "11:03", "11:03:30", "11:04", "11:04:30"]);
  });
});
