import { ValueSketch } from "./value-sketch";

/**
 * A bucket keeps its exact values (value, weight pairs) while it holds at most this many; past
 * it they move into a sketch. 256 pairs keep a busy second's row around 4 KiB.
 */
export const EXACT_LIMIT = 256;
/** A query period stays exact up to this many values (its buckets' exact values, merged). */
export const QUERY_EXACT_LIMIT = 100_000;

/** What one time bucket (a second or a minute) of one series keeps. */
export type BucketStats = {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Flattened [value, weight, value, weight, ...] while exact; null once in the sketch. */
  exact: number[] | null;
  sketch: ValueSketch | null;
  /**
   * A statistic set with several samples and Min ≠ Max was published: its values are unknown,
   * so, as on CloudWatch, the bucket has no percentiles.
   */
  noPercentiles: boolean;
};

export function emptyStats(): BucketStats {
  return { count: 0, sum: 0, min: Infinity, max: -Infinity, exact: [], sketch: null, noPercentiles: false };
}

/** One value observed `weight` times (PutMetricData's Values and Counts; 1 from the sink). */
export function addValue(stats: BucketStats, value: number, weight = 1): void {
  stats.count += weight;
  stats.sum += value * weight;
  if (value < stats.min) stats.min = value;
  if (value > stats.max) stats.max = value;
  keepForPercentiles(stats, value, weight);
}

/** A pre-aggregated StatisticSet. */
export function addStatisticSet(stats: BucketStats, set: { SampleCount: number; Sum: number; Minimum: number; Maximum: number }): void {
  stats.count += set.SampleCount;
  stats.sum += set.Sum;
  if (set.Minimum < stats.min) stats.min = set.Minimum;
  if (set.Maximum > stats.max) stats.max = set.Maximum;
  // CloudWatch computes percentiles from a statistic set only when its values are known.
  if (set.SampleCount === 1 || set.Minimum === set.Maximum) keepForPercentiles(stats, set.Minimum, set.SampleCount);
  else stats.noPercentiles = true;
}

/**
 * Merges `from` into `into`. Stored buckets keep EXACT_LIMIT exact values; a query merging a
 * period's buckets passes a larger limit, so a period is exact whenever its buckets all are.
 */
export function mergeStats(into: BucketStats, from: BucketStats, limit = EXACT_LIMIT): void {
  into.count += from.count;
  into.sum += from.sum;
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.noPercentiles ||= from.noPercentiles;
  if (from.sketch) {
    toSketch(into).merge(from.sketch);
  } else if (from.exact) {
    for (let i = 0; i < from.exact.length; i += 2) keepForPercentiles(into, from.exact[i]!, from.exact[i + 1]!, limit);
  }
}

function keepForPercentiles(stats: BucketStats, value: number, weight: number, limit = EXACT_LIMIT): void {
  // Negative values have no percentiles on CloudWatch; min < 0 already says so at query time.
  if (value < 0) return;
  if (stats.exact) {
    stats.exact.push(value, weight);
    if (stats.exact.length > limit * 2) toSketch(stats);
    return;
  }
  stats.sketch!.add(value, weight);
}

function toSketch(stats: BucketStats): ValueSketch {
  if (!stats.sketch) {
    const sketch = new ValueSketch();
    const exact = stats.exact ?? [];
    for (let i = 0; i < exact.length; i += 2) sketch.add(exact[i]!, exact[i + 1]!);
    stats.sketch = sketch;
    stats.exact = null;
  }
  return stats.sketch;
}

/** The row form: exact pairs and the sketch as float64 blobs. */
export type StatsRow = { count: number; sum: number; min: number; max: number; exact: Buffer | null; sketch: Buffer | null; no_percentiles: number };

export function encodeStats(stats: BucketStats): StatsRow {
  return {
    count: stats.count,
    sum: stats.sum,
    min: stats.min,
    max: stats.max,
    exact: stats.exact ? Buffer.from(new Float64Array(stats.exact).buffer) : null,
    sketch: stats.sketch ? stats.sketch.encode() : null,
    no_percentiles: stats.noPercentiles ? 1 : 0,
  };
}

export function decodeStats(row: StatsRow): BucketStats {
  return {
    count: row.count,
    sum: row.sum,
    min: row.min,
    max: row.max,
    exact: row.exact ? Array.from(new Float64Array(row.exact.buffer.slice(row.exact.byteOffset, row.exact.byteOffset + row.exact.byteLength))) : null,
    sketch: row.sketch ? ValueSketch.decode(row.sketch) : null,
    noPercentiles: row.no_percentiles === 1,
  };
}
