import type { MetricStat } from "@/lib/metrics/metric-series";

/** A series as CloudWatch returns it: [epoch ms, value], ascending, only buckets that had data. */
export type Points = [number, number][];

/** One member of a sum over versions or variants: its points and, for an Average, its SampleCount. */
export type Member = { points: Points; weights?: Points };

/**
 * Combines the same statistic of several series (a model's versions, an endpoint's variants) bucket by
 * bucket, exactly where the statistic allows: Sums and SampleCounts add; Averages are weighed by
 * their SampleCounts. A percentile of a union cannot be rebuilt from its parts, but it is never above
 * the largest part's, so percentiles and Maximums take the largest: an upper bound, said as such.
 */
export function combineMembers(stat: MetricStat, members: readonly Member[]): Points {
  if (members.length === 1) return members[0]!.points;
  const byTime = new Map<number, { v: number; w?: number }[]>();
  for (const m of members) {
    const weights = m.weights ? new Map(m.weights) : undefined;
    for (const [t, v] of m.points) {
      const list = byTime.get(t) ?? [];
      list.push({ v, w: weights?.get(t) });
      byTime.set(t, list);
    }
  }
  return [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, list]) => [t, reduceBucket(stat, list)]);
}

function reduceBucket(stat: MetricStat, list: { v: number; w?: number }[]): number {
  switch (stat) {
    case "Sum":
    case "SampleCount":
      return list.reduce((s, x) => s + x.v, 0);
    case "Minimum":
      return Math.min(...list.map((x) => x.v));
    case "Average": {
      const weighted = list.every((x) => x.w !== undefined) ? list.reduce((s, x) => s + x.w!, 0) : 0;
      if (weighted > 0) return list.reduce((s, x) => s + x.v * x.w!, 0) / weighted;
      return list.reduce((s, x) => s + x.v, 0) / list.length;
    }
    default:
      return Math.max(...list.map((x) => x.v));
  }
}

/** Bucket start times from the aligned start to the end, one per period. */
export function timeGrid(alignedStartMs: number, endMs: number, periodS: number): number[] {
  const step = periodS * 1000;
  const grid: number[] = [];
  for (let t = alignedStartMs; t < endMs; t += step) grid.push(t);
  return grid;
}

/**
 * Places points on the grid (each in the bucket its timestamp falls in, whatever alignment the
 * backend used); empty buckets get `fill`: 0 for counts, null (a gap in the line) for the rest.
 */
export function onGrid(points: Points, grid: readonly number[], periodS: number, fill: 0 | null): (number | null)[] {
  const values: (number | null)[] = grid.map(() => fill);
  if (grid.length === 0) return values;
  const step = periodS * 1000;
  const placed = new Map<number, number>();
  for (const [t, v] of points) {
    const i = Math.floor((t - grid[0]!) / step);
    if (i < 0 || i >= grid.length) continue;
    // Two points in one bucket only happen when the backend aligned differently; keep the later.
    placed.set(i, v);
  }
  for (const [i, v] of placed) values[i] = v;
  return values;
}

/** The whole range's figure from its buckets (see TileDef.reduce). Undefined when there is no data. */
export function reducePoints(reduce: "sum" | "weighted" | "peak" | "latest", points: Points, weights?: Points): number | undefined {
  if (reduce === "sum") return points.reduce((s, [, v]) => s + v, 0);
  if (points.length === 0) return undefined;
  if (reduce === "peak") return Math.max(...points.map(([, v]) => v));
  if (reduce === "latest") return points[points.length - 1]![1];
  const w = new Map(weights ?? []);
  let num = 0;
  let den = 0;
  for (const [t, v] of points) {
    const n = weights ? (w.get(t) ?? 0) : 1;
    num += v * n;
    den += n;
  }
  return den > 0 ? num / den : undefined;
}
