import type { ChartData } from "@/lib/metrics/chart-data";
import { niceTicks } from "@/lib/metrics/chart-scale";
import { displayUnit, type DisplayUnit } from "@/lib/metrics/format-metric";
import type { MetricUnitKind } from "@/lib/metrics/metric-series";

/** Share of a bucket's width its bars take together (the rest is the gap between buckets). */
const BAR_SHARE = 0.8;

/**
 * A chart's data as a plotting library's columns: x at the middle of each bucket (a hover anywhere
 * over a bucket's bar picks that bucket), one column per line in the display unit (ms, not µs, so
 * the axis reads round numbers), the value axis from 0 to a round top, and for bars each line's
 * left edge and width inside its bucket, side by side (errors and their causes overlap, so
 * stacking would count some twice).
 */
export type PlotColumns = {
  xs: number[];
  ys: (number | null)[][];
  unit: DisplayUnit;
  yTicks: number[];
  bars?: { lefts: number[][]; width: number };
};

export function plotColumns(data: ChartData, kind: MetricUnitKind): PlotColumns {
  const step = data.period * 1000;
  const max = Math.max(0, ...data.lines.flatMap((l) => l.values.filter((v): v is number => v !== null)));
  const unit = displayUnit(kind, max);
  const yTicks = niceTicks(max / unit.divisor, 4, kind === "count");
  const n = Math.max(1, data.lines.length);
  const width = (step * BAR_SHARE) / n;
  return {
    xs: data.times.map((t) => t + step / 2),
    ys: data.lines.map((l) => l.values.map((v) => (v === null ? null : v / unit.divisor))),
    unit,
    yTicks,
    bars: data.bars ? { lefts: data.lines.map((_, i) => data.times.map((t) => t + (step - n * width) / 2 + i * width)), width } : undefined,
  };
}
