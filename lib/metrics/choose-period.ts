/**
 * CloudWatch periods for a window. Charts keep at most MAX_POINTS buckets (and, where the data's
 * resolution allows, no fewer than ~60); periods under a minute exist only for the last 3 hours,
 * and older data is kept only at coarser periods (1 min for 15 days, 5 min for 63 days, then 1 h).
 * Every function takes the data's own resolution: 1 s for high-resolution data (the local engine
 * keeps every series at 1 s for 3 hours), 60 s for standard-resolution data (all of SageMaker's on
 * AWS, and the console's per-model series): CloudWatch answers a standard-resolution metric only at
 * multiples of 60 s, and a finer period over sparse data charts a comb of zeros.
 */
export const MAX_POINTS = 360;

const LADDER = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];
const HOUR_S = 3600;
const DAY_S = 86_400;
/** A window starting just under 3 h ago may be past the limit by the time CloudWatch reads it. */
const HIGH_RES_MARGIN_S = 300;

/** The finest period data is stored at: 1 (high resolution) or 60 (standard resolution), in seconds. */
export type ResolutionS = 1 | 60;

/** The smallest period CloudWatch still has data for, given the data's resolution and how long ago the window starts. */
export function minimumPeriod(startMs: number, nowMs: number, resolutionS: ResolutionS): number {
  const ageS = (nowMs - startMs) / 1000;
  if (ageS <= 3 * HOUR_S - HIGH_RES_MARGIN_S) return resolutionS;
  if (ageS <= 15 * DAY_S) return 60;
  if (ageS <= 63 * DAY_S) return 300;
  return HOUR_S;
}

/** The chart period (seconds) for a window: the finest allowed one that keeps ≤ MAX_POINTS buckets. */
export function choosePeriod(startMs: number, endMs: number, nowMs: number, resolutionS: ResolutionS): number {
  const spanS = Math.max(1, (endMs - startMs) / 1000);
  const floor = minimumPeriod(startMs, nowMs, resolutionS);
  for (const p of LADDER) if (p >= floor && spanS / p <= MAX_POINTS) return p;
  return Math.ceil(spanS / MAX_POINTS / DAY_S) * DAY_S;
}

/** A period covering the whole window in one bucket (for per-range totals), a multiple of a minute or coarser. */
export function wholeRangePeriod(startMs: number, endMs: number, nowMs: number): number {
  // A minute or more is allowed at either resolution.
  const unit = Math.max(60, minimumPeriod(startMs, nowMs, 60));
  return Math.ceil(Math.max(1, (endMs - startMs) / 1000) / unit) * unit;
}

/** The window's start moved back to a multiple of the period, so buckets fall on a regular grid. */
export function alignStart(startMs: number, periodS: number): number {
  const p = periodS * 1000;
  return Math.floor(startMs / p) * p;
}

/** How far back a gauge's newest sample is looked for, at least: SageMaker samples instances every minute. */
const LATEST_LOOKBACK_MS = 5 * 60_000;

/**
 * Where a gauge's newest sample is looked for: the window's last minutes at the finest period the
 * data has there (10 s for high-resolution data, the engine's sampling interval; else a minute or
 * what CloudWatch still keeps). The same whatever the range's length, so "now" reads the same on
 * a 1-hour and a 1-week chart.
 */
export function latestWindow(window: { start: number; end: number }, nowMs: number, resolutionS: ResolutionS): { start: number; end: number; period: number } {
  const period = Math.max(resolutionS === 1 ? 10 : 60, minimumPeriod(window.end - LATEST_LOOKBACK_MS, nowMs, resolutionS));
  const from = Math.max(window.start, window.end - Math.max(LATEST_LOOKBACK_MS, 5 * period * 1000));
  return { start: alignStart(from, period), end: window.end, period };
}
