import type { BucketStats } from "./bucket-stats";
import { reaches } from "./value-sketch";

/**
 * Percentiles over a period, merged from its buckets.
 *
 * Definition (nearest rank, weighted): pNN is the smallest observed value v such that the
 * samples ≤ v make up at least NN% of the period's SampleCount; p0 is the Minimum, p100 the
 * Maximum. This matches CloudWatch's wording ("p95 means 95 percent of the data within the
 * period is lower than this value") and always answers a value that was observed.
 *
 * Exact or approximate: when every merged bucket still holds its exact values (at most
 * EXACT_LIMIT per bucket) the answer is exact; once any bucket has moved to its sketch, all are
 * merged into one and the answer is within 1% of an observed value (clamped to [Min, Max]).
 * As on CloudWatch there are none when a value is negative or a statistic set hid its values.
 */
export function percentile(stats: BucketStats, p: number): number | undefined {
  if (stats.count <= 0 || stats.noPercentiles || stats.min < 0) return undefined;
  if (p <= 0) return stats.min;
  if (p >= 100) return stats.max;
  if (stats.sketch) {
    const value = stats.sketch.quantile(p / 100);
    return value === undefined ? undefined : Math.min(stats.max, Math.max(stats.min, value));
  }
  const exact = stats.exact ?? [];
  const pairs: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < exact.length; i += 2) {
    pairs.push([exact[i]!, exact[i + 1]!]);
    total += exact[i + 1]!;
  }
  if (total <= 0) return undefined;
  pairs.sort((a, b) => a[0] - b[0]);
  const target = (p / 100) * total;
  let cumulative = 0;
  for (const [value, weight] of pairs) {
    cumulative += weight;
    if (reaches(cumulative, target, total)) return value;
  }
  return pairs[pairs.length - 1]![0];
}
