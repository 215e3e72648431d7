import { onGrid, reducePoints, timeGrid, type Points } from "@/lib/metrics/combine-series";
import type { SeriesSet } from "@/lib/metrics/combine-series-sets";
import type { ChartDef, TileDef } from "@/lib/metrics/dashboard-charts";
import { isCountStat, SERIES, weightKeyOf, type MetricStat } from "@/lib/metrics/metric-series";

/** The charts' window; `since`: when what is charted came to exist (epoch ms), before which nothing counts as zero. */
export type ChartWindow = { start: number; end: number; period: number; since?: number };
export type ChartLine = { key: string; label: string; values: (number | null)[] };
/**
 * What a chart draws: one value per bucket per line on a shared grid of bucket starts, from `start`
 * (the first bucket worth drawing) to `end`. `bars`: every line is a count (drawn as bars, the
 * rest as lines). `empty` when no line had any data.
 */
export type ChartData = { times: number[]; start: number; end: number; period: number; lines: ChartLine[]; empty: boolean; bars: boolean };

/** One line's data; `since` overrides the window's for this line (one version's upload among a model's). */
export type LineInput = { key: string; label: string; stat: MetricStat; points: Points; since?: number };

/**
 * Lines on the window's grid. A bucket with no data point is a gap, except for counts after
 * `since`: a count that had nothing had zero. The grid starts at the bucket `since` falls in (or
 * at an earlier bucket that has data), so a chart of an endpoint made an hour ago over a week
 * shows that hour, not six days of zeros.
 */
export function toChartData(window: ChartWindow, inputs: readonly LineInput[]): ChartData {
  const grid = timeGrid(window.start, window.end, window.period);
  const step = window.period * 1000;
  const bucketOf = (since: number | undefined) => (since === undefined ? -Infinity : Math.floor(since / step) * step);
  const sinceBucket = bucketOf(window.since);
  const raw = inputs.map((i) => onGrid(i.points, grid, window.period, null));
  const firstWithData = Math.min(...raw.map((values) => values.findIndex((v) => v !== null)).filter((i) => i >= 0));
  const firstSince = grid.findIndex((t) => t >= sinceBucket);
  const first = Math.max(0, Math.min(firstWithData, firstSince < 0 ? grid.length : firstSince));
  const times = grid.slice(first);
  return {
    times,
    start: times[0] ?? window.start,
    end: window.end,
    period: window.period,
    lines: inputs.map((input, l) => ({
      key: input.key,
      label: input.label,
      values: raw[l]!.slice(first).map((v, k) => v ?? (isCountStat(input.stat) && times[k]! >= bucketOf(input.since ?? window.since) ? 0 : null)),
    })),
    empty: inputs.every((i) => i.points.length === 0),
    bars: inputs.length > 0 && inputs.every((i) => isCountStat(i.stat)),
  };
}

/** A dashboard chart's lines from a series set. */
export function chartData(def: ChartDef, set: SeriesSet, window: ChartWindow): ChartData {
  return toChartData(
    window,
    def.series.map((key) => ({ key, label: SERIES[key].label, stat: SERIES[key].stat, points: set[key] ?? [] })),
  );
}

/** What tiles read: the charts' buckets, the one-bucket-per-window figures, the gauges' newest samples. */
export type TileSources = { series: SeriesSet; range: SeriesSet; latest?: SeriesSet };

/**
 * A tile's figure (see TileDef.reduce); undefined when the range has no data for it. Counts and
 * ratios come from the very buckets the charts draw, so a tile always equals what its chart adds up to.
 */
export function tileValue(tile: TileDef, src: TileSources): number | undefined {
  switch (tile.reduce) {
    case "sum":
      return reducePoints("sum", src.series[tile.series] ?? []);
    case "weighted": {
      const w = weightKeyOf(tile.series);
      return reducePoints("weighted", src.series[tile.series] ?? [], w ? (src.series[w] ?? []) : undefined);
    }
    case "range":
      // One bucket; two only where a backend aligns periods to the clock rather than to the start: then the larger, an upper bound.
      return reducePoints("peak", src.range[tile.series] ?? []);
    case "latest":
      return reducePoints("latest", src.latest?.[tile.series] ?? []);
  }
}
