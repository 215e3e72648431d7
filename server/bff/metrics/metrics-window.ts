import "server-only";
import { alignStart, choosePeriod } from "@/lib/metrics/choose-period";
import { resolveRange, type RangeSpec } from "@/lib/metrics/time-range";
import type { MetricWindowView } from "@/lib/schemas/metrics";

/** The chart window for a range at this moment: the period for ≤ 360 buckets and the start aligned to it. */
export function chartWindow(spec: RangeSpec, now = Date.now()): MetricWindowView {
  const { start, end } = resolveRange(spec, now);
  const period = choosePeriod(start, end, now);
  return { start: alignStart(start, period), end, period };
}
