import { onGrid, reducePoints, timeGrid, type Points } from "@/lib/metrics/combine-series";
import type { SeriesSet } from "@/lib/metrics/combine-series-sets";
import type { ChartDef, TileDef } from "@/lib/metrics/dashboard-charts";
import { isCountStat, SERIES, weightKeyOf, type MetricStat } from "@/lib/metrics/metric-series";

export type ChartWindow = { start: number; end: number; period: number };
export type ChartLine = { key: string; label: string; values: (number | null)[] };
/** What a chart draws: one value per bucket per line, on a shared time grid; `empty` when no line had any data. */
export type ChartData = { times: number[]; start: number; end: number; period: number; lines: ChartLine[]; empty: boolean };

export type LineInput = { key: string; label: string; stat: MetricStat; points: Points };

/** Lines on the window's grid: counts fill empty buckets with 0, other statistics leave gaps. */
export function toChartData(window: ChartWindow, inputs: readonly LineInput[]): ChartData {
  const times = timeGrid(window.start, window.end, window.period);
  return {
    times,
    start: window.start,
    end: window.end,
    period: window.period,
    lines: inputs.map((i) => ({ key: i.key, label: i.label, values: onGrid(i.points, times, window.period, isCountStat(i.stat) ? 0 : null) })),
    empty: inputs.every((i) => i.points.length === 0),
  };
}

/** A dashboard chart's lines from a series set. */
export function chartData(def: ChartDef, set: SeriesSet, window: ChartWindow): ChartData {
  return toChartData(
    window,
    def.series.map((key) => ({ key, label: SERIES[key].label, stat: SERIES[key].stat, points: set[key] ?? [] })),
  );
}

/** A tile's figure over the whole range; undefined when the range has no data for it. */
export function tileValue(tile: TileDef, set: SeriesSet): number | undefined {
  const w = weightKeyOf(tile.series);
  return reducePoints(tile.reduce, set[tile.series] ?? [], w ? (set[w] ?? []) : undefined);
}
