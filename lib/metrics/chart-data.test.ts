import { describe, expect, it } from "vitest";
import { chartData, tileValue } from "./chart-data";
import { REQUEST_CHARTS, REQUEST_TILES } from "./dashboard-charts";

describe("chart data", () => {
  const window = { start: 0, end: 180_000, period: 60 };

  it("draws a chart's series in legend order on the grid, and says when it is empty", () => {
    const errors = REQUEST_CHARTS.find((c) => c.id === "errors")!;
    const data = chartData(errors, { errors4xx: [[60_000, 2]] }, window);
    expect(data.times).toEqual([0, 60_000, 120_000]);
    expect(data.lines.map((l) => [l.label, l.values])).toEqual([
      ["4XX errors", [0, 2, 0]],
      ["5XX errors", [0, 0, 0]],
      ["Model errors", [0, 0, 0]],
    ]);
    expect(data.empty).toBe(false);
    const latency = REQUEST_CHARTS.find((c) => c.id === "model-latency")!;
    const none = chartData(latency, {}, window);
    expect(none.empty).toBe(true);
    expect(none.lines[0]!.values).toEqual([null, null, null]);
  });

  it("computes tiles: total invocations and the hit ratio weighed by requests", () => {
    const set = { invocations: [[0, 3], [60_000, 1]] as [number, number][], cacheHit: [[0, 1], [60_000, 0]] as [number, number][], cacheHitSamples: [[0, 3], [60_000, 1]] as [number, number][] };
    const tile = (id: string) => tileValue(REQUEST_TILES.find((t) => t.id === id)!, set);
    expect(tile("invocations")).toBe(4);
    expect(tile("cache-hit")).toBe(0.75);
    expect(tile("p99-latency")).toBeUndefined();
  });
});
