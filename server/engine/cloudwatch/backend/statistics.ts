import type { BucketStats } from "./bucket-stats";
import { percentile } from "./percentile";

export const STANDARD_STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;

/** pNN or pNN.NN (CloudWatch allows up to two decimals), 0 to 100. */
const PERCENTILE = /^p(\d{1,3}(?:\.\d{1,2})?)$/;

/** The percentile a statistic names, or undefined when it is not a percentile. */
export function percentileOf(stat: string): number | undefined {
  const match = PERCENTILE.exec(stat);
  if (!match) return undefined;
  const p = Number(match[1]);
  return p >= 0 && p <= 100 ? p : undefined;
}

export function isKnownStatistic(stat: string): boolean {
  return (STANDARD_STATISTICS as readonly string[]).includes(stat) || percentileOf(stat) !== undefined;
}

/** A statistic of a merged period; undefined when it has none (percentiles of negative values). */
export function statisticValue(stats: BucketStats, stat: string): number | undefined {
  if (stats.count <= 0) return undefined;
  switch (stat) {
    case "SampleCount":
      return stats.count;
    case "Sum":
      return stats.sum;
    case "Average":
      return stats.sum / stats.count;
    case "Minimum":
      return stats.min;
    case "Maximum":
      return stats.max;
  }
  const p = percentileOf(stat);
  return p === undefined ? undefined : percentile(stats, p);
}
