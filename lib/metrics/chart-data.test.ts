import { describe, expect, it } from "vitest";
import { chartData, tileValue, toChartData } from "./chart-data";
import { ENDPOINT_TILES, REQUEST_CHARTS, REQUEST_TILES, seriesFor, tileSeries } from "./dashboard-charts";

const M = 60_000;

describe("chart data", () => {
  const window = { start: 0, end: 3 * M, period: 60 };

  it("draws a chart's series in legend order on the grid, counts as bars, and says when it is empty", () => {
    const errors = REQUEST_CHARTS.find((c) => c.id === "errors")!;
    const data = chartData(errors, { errors4xx: [[M, 2]] }, window);
    expect(data.times).toEqual([0, M, 2 * M]);
    expect(data.lines.map((l) => [l.label, l.values])).toEqual([
      ["4XX errors", [0, 2, 0]],
      ["5XX errors", [0, 0, 0]],
      ["Model errors", [0, 0, 0]],
    ]);
    expect(data).toMatchObject({ empty: false, bars: true });
    const latency = REQUEST_CHARTS.find((c) => c.id === "model-latency")!;
    const none = chartData(latency, {}, window);
    expect(none).toMatchObject({ empty: true, bars: false });
    expect(none.lines[0]!.values).toEqual([null, null, null]);
  });

  it("starts the time axis where the endpoint began: no zeros before its creation, zeros after it", () => {
    const invocations = REQUEST_CHARTS.find((c) => c.id === "invocations")!;
    // A day's window at 5-minute buckets; the endpoint was made 12 minutes before the end.
    const day = { start: 0, end: 24 * 60 * M, period: 300 };
    const since = day.end - 12 * M;
    const data = chartData(invocations, { invocations: [[day.end - 5 * M, 4]] }, { ...day, since });
    expect(data.start).toBe(Math.floor(since / (5 * M)) * 5 * M);
    expect(data.times).toEqual([day.end - 15 * M, day.end - 10 * M, day.end - 5 * M]);
    expect(data.lines[0]!.values).toEqual([0, 0, 4]);
    // Data from before the creation time (a clock apart, say) is still drawn, with gaps, not zeros, up to the creation.
    const early = chartData(invocations, { invocations: [[day.end - 30 * M, 1]] }, { ...day, since });
    expect(early.times[0]).toBe(day.end - 30 * M);
    expect(early.lines[0]!.values).toEqual([1, null, null, 0, 0, 0]);
  });

  it("leaves gauges and percentiles as gaps where there is no data, even after the creation", () => {
    const data = toChartData({ ...window, since: 0 }, [{ key: "p", label: "p99", stat: "p99", points: [[M, 5]] }]);
    expect(data.lines[0]!.values).toEqual([null, 5, null]);
  });

  it("fills each version's counts from its own upload on", () => {
    const data = toChartData({ ...window, since: 0 }, [
      { key: "1", label: "v1", stat: "Sum", points: [[0, 1]], since: 0 },
      { key: "2", label: "v2", stat: "Sum", points: [[2 * M, 3]], since: 2 * M },
    ]);
    expect(data.lines.map((l) => l.values)).toEqual([
      [1, 0, 0],
      [null, null, 3],
    ]);
  });
});

describe("tiles", () => {
  const tile = (id: string) => [...REQUEST_TILES, ...ENDPOINT_TILES].find((t) => t.id === id)!;

  it("totals and ratios are what the chart's buckets add up to", () => {
    const series = { invocations: [[0, 3], [M, 1]] as [number, number][], cacheHit: [[0, 1], [M, 0]] as [number, number][], cacheHitSamples: [[0, 3], [M, 1]] as [number, number][] };
    const chart = chartData(REQUEST_CHARTS.find((c) => c.id === "invocations")!, series, { start: 0, end: 2 * M, period: 60 });
    expect(tileValue(tile("invocations"), { series, range: {} })).toBe(chart.lines[0]!.values.reduce((a, b) => a! + b!, 0));
    expect(tileValue(tile("invocations"), { series, range: {} })).toBe(4);
    expect(tileValue(tile("cache-hit"), { series, range: {} })).toBe(0.75);
  });

  it("reads p99 over the range from its whole-window bucket, not the highest bucket's p99", () => {
    // Buckets: a quiet one with one slow request (p99 = 90 ms), a busy fast one; over the range, p99 is 4 ms.
    const series = { modelLatencyP99: [[0, 90_000], [M, 4_000]] as [number, number][] };
    expect(tileValue(tile("p99-latency"), { series, range: { modelLatencyP99: [[0, 4_000]] } })).toBe(4_000);
    expect(tileValue(tile("p99-latency"), { series, range: {} })).toBeUndefined();
  });

  it("reads loaded models now from the newest sample, whatever the chart's buckets say", () => {
    // A 1-day chart's last 5-minute bucket held 7 at its peak; the instance holds 2 now.
    const series = { loadedModelsMax: [[0, 7]] as [number, number][] };
    const latest = { loadedModelsMax: [[0, 7], [10_000, 2]] as [number, number][] };
    expect(tileValue(tile("loaded-models"), { series, range: {}, latest })).toBe(2);
    expect(tile("loaded-models")).toMatchObject({ label: "Loaded models now", qualifier: "busiest instance" });
    expect(tile("p99-latency")).toMatchObject({ label: "p99 model latency", qualifier: "over the range" });
  });

  it("asks bucket by bucket only for what charts and bucket tiles need; the rest as range or latest", () => {
    expect(tileSeries(ENDPOINT_TILES, "range")).toEqual(["modelLatencyP99"]);
    expect(tileSeries(ENDPOINT_TILES, "latest")).toEqual(["loadedModelsMax"]);
    expect(seriesFor([], ENDPOINT_TILES).sort()).toEqual(["cacheHit", "cacheHitSamples", "errors4xx", "errors5xx", "invocations"]);
  });
});
