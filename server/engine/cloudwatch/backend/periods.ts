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

const DAY_S = 86_400;

/**
 * Where CloudWatch starts a query's periods: at StartTime, rounded down to the whole minute when it
 * is less than 15 days old, to 5 minutes up to 63 days, to the hour beyond (GetMetricData's and
 * GetMetricStatistics' StartTime documentation); periods under a minute start at a multiple of
 * the period. Periods then follow each other from there, so a period as long as the query is one
 * bucket covering exactly [StartTime, StartTime + Period).
 */
export function periodOrigin(startMs: number, period: number, nowMs: number = Date.now()): number {
  const startSec = Math.floor(startMs / 1000);
  if (period < MINUTE) return startSec - (((startSec % period) + period) % period);
  const ageSec = (nowMs - startMs) / 1000;
  const unit = ageSec < 15 * DAY_S ? 60 : ageSec < 63 * DAY_S ? 300 : 3600;
  return startSec - (((startSec % unit) + unit) % unit);
}

/** The periods a query covers: from its origin, whole periods up to EndTime. */
export function periodWindow(startMs: number, endMs: number, period: number, nowMs: number = Date.now()): { fromSec: number; toSec: number; count: number } {
  const fromSec = periodOrigin(startMs, period, nowMs);
  const count = Math.max(0, Math.ceil((endMs / 1000 - fromSec) / period));
  return { fromSec, toSec: fromSec + count * period, count };
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
      const periodStart = fromSec + Math.floor((start - fromSec) / period) * period;
      let acc = out.get(periodStart);
      if (!acc) out.set(periodStart, (acc = emptyStats()));
      mergeStats(acc, stats, QUERY_EXACT_LIMIT);
    }
  }
  return out;
}
