import { describe, expect, it } from "vitest";
import { plotColumns } from "./plot-columns";
import { toChartData } from "./chart-data";
import { zoomedRange } from "./time-range";

const M = 60_000;

describe("plot columns", () => {
  it("puts each bucket at its middle, in the display unit, on a round axis", () => {
    const data = toChartData({ start: 0, end: 2 * M, period: 60 }, [{ key: "p", label: "p99", stat: "p99", points: [[0, 12_000], [M, 4_000]] }]);
    const cols = plotColumns(data, "microseconds");
    expect(cols.xs).toEqual([30_000, 90_000]);
    expect(cols.unit.suffix).toBe("ms");
    expect(cols.ys).toEqual([[12, 4]]);
    expect(cols.yTicks[cols.yTicks.length - 1]).toBeGreaterThanOrEqual(12);
    expect(cols.bars).toBeUndefined();
  });

  it("lays counts' bars side by side inside their bucket", () => {
    const data = toChartData({ start: 0, end: M, period: 60 }, [
      { key: "a", label: "4XX", stat: "Sum", points: [[0, 1]] },
      { key: "b", label: "5XX", stat: "Sum", points: [[0, 2]] },
    ]);
    const { bars } = plotColumns(data, "count");
    expect(bars!.width).toBe(24_000);
    expect(bars!.lefts).toEqual([[6_000], [30_000]]);
    expect(bars!.lefts[1]![0]! + bars!.width).toBeLessThanOrEqual(M);
  });
});

describe("zooming", () => {
  const now = Date.parse("2026-12-03T12:00:00Z");
  it("turns a drag into a custom range of whole seconds, either direction, never past now", () => {
    expect(zoomedRange(now - 20 * M + 400, now - 10 * M - 300, now)).toEqual({ start: now - 20 * M, end: now - 10 * M });
    expect(zoomedRange(now - 10 * M, now - 20 * M, now)).toEqual({ start: now - 20 * M, end: now - 10 * M });
    expect(zoomedRange(now - 5 * M, now + 5 * M, now)).toEqual({ start: now - 5 * M, end: now });
  });

  it("widens a selection under a minute around its middle", () => {
    expect(zoomedRange(now - 10 * M, now - 10 * M + 20_000, now)).toEqual({ start: now - 10 * M - 20_000, end: now - 9 * M - 20_000 });
    expect(zoomedRange(now - 1000, now, now)).toEqual({ start: now - M, end: now });
  });
});
