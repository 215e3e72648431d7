import { emptyStats, mergeStats, QUERY_EXACT_LIMIT, type BucketStats } from "./bucket-stats";
import { invalidParameterValue } from "../protocol/cloudwatch-errors";
import { FINE, MINUTE, type MetricStore } from "./store/metric-store";

/** Periods below a minute CloudWatch accepts for high-resolution data. */
const HIGH_RESOLUTION_PERIODS = [1, 5, 10, 30];

/** AWS's rule: 1, 5, 10, 30 or a multiple of 60 seconds. The wording is ours. */
export function checkPeriod(period: number, name: string): void {
  if (HIGH_RESOLUTION_PERIODS.includes(period) || (period >= 60 && period % 60 === 0)) return;
  throw invalidParameterValue(`The parameter ${name} must be 1, 5, 10, 30, or a multiple of 60.`);
}

/** Periods are aligned to the clock (epoch multiples of the period) and cover whole periods. */
export function periodWindow(startMs: number, endMs: number, period: number): { fromSec: number; toSec: number; count: number } {
  const fromSec = Math.floor(startMs / 1000 / period) * period;
  const toSec = Math.ceil(endMs / 1000 / period) * period;
  return { fromSec, toSec, count: Math.max(0, (toSec - fromSec) / period) };
}

/**
 * Merges the buckets of `seriesIds` into one BucketStats per period start (epoch seconds).
 * Periods under a minute read the 1 s buckets, which exist for the last 3 hours only: older
 * data is only available at 60 s and more, as on CloudWatch.
 */
export function aggregatePeriods(store: MetricStore, seriesIds: readonly number[], period: number, startMs: number, endMs: number): Map<number, BucketStats> {
  const { fromSec, toSec } = periodWindow(startMs, endMs, period);
  const resolution = period < MINUTE ? FINE : MINUTE;
  const out = new Map<number, BucketStats>();
  for (const id of seriesIds) {
    for (const { start, stats } of store.readBuckets(id, resolution, fromSec, toSec)) {
      const periodStart = start - (start % period);
      let acc = out.get(periodStart);
      if (!acc) out.set(periodStart, (acc = emptyStats()));
      mergeStats(acc, stats, QUERY_EXACT_LIMIT);
    }
  }
  return out;
}
