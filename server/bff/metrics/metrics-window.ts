import "server-only";
import { alignStart, choosePeriod, type ResolutionS } from "@/lib/metrics/choose-period";
import { AWS_RESOLUTION_S, type MetricNamespace } from "@/lib/metrics/metric-series";
import { resolveRange, type RangeSpec } from "@/lib/metrics/time-range";
import type { MetricWindowView } from "@/lib/schemas/metrics";
import { backendConfig } from "@/server/aws/client-factory";

/**
 * The resolution of the data a view reads, the coarsest of its namespaces': the local engine keeps
 * every series at 1 s (for 3 hours); on AWS each namespace has its own (AWS_RESOLUTION_S), and a
 * period finer than a standard-resolution metric's minute is refused or charts a comb of zeros.
 */
export function dataResolution(namespaces: readonly MetricNamespace[]): ResolutionS {
  if (backendConfig().kind === "local") return 1;
  return namespaces.some((ns) => AWS_RESOLUTION_S[ns] === 60) ? 60 : 1;
}

/** The chart window for a range at this moment: the period for ≤ 360 buckets at the data's resolution, the start aligned to it. */
export function chartWindow(spec: RangeSpec, resolutionS: ResolutionS, now = Date.now()): MetricWindowView {
  const { start, end } = resolveRange(spec, now);
  const period = choosePeriod(start, end, now, resolutionS);
  return { start: alignStart(start, period), end, period };
}
