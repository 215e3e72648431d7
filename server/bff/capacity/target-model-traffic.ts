import "server-only";
import type { MinuteCalls } from "@/lib/capacity/capacity-types";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import type { Points } from "@/lib/metrics/combine-series";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import { perModelQuery } from "@/server/bff/metrics/per-model-queries";
import type { CapacityWindow } from "./capacity-window";

/** One target model's traffic over the window, and its mean cold load where the per-model series has one. */
export type TargetModelTraffic = {
  targetModel: string;
  invocations: number;
  /** Invocations by minute of the window (minutes without any left out). */
  calls: MinuteCalls;
  /** Mean ModelDownloadingTime + ModelLoadingTime (ms) of its loads in the window; absent when none was recorded. */
  measuredLoadMs?: number;
};

const stat = (endpoint: string, targetModel: string, metric: string, s: StatQuery["stat"]): StatQuery => ({
  ...perModelQuery(endpoint, targetModel, "invocations"),
  metric,
  stat: s,
  label: `${metric} ${s} ${targetModel}`,
});

/** The window's totals read per target model, in this order. */
const TOTALS = [
  ["Invocations", "Sum"],
  ["ModelLoadingTime", "Average"],
  ["ModelDownloadingTime", "Average"],
] as const;

/**
 * The per-model series (namespace MMEConsole, dimension TargetModel) of each target model, in two
 * passes so that a thousand idle versions cost one datum each: first the window's totals (one
 * bucket: Invocations, and the mean load and download times), then the minute-by-minute
 * Invocations of only those that were called. Models that were not called are left out.
 */
export async function targetModelTraffic(endpoint: string, targetModels: readonly string[], window: CapacityWindow, now = Date.now()): Promise<TargetModelTraffic[]> {
  const whole = { start: window.start, end: window.end, period: wholeRangePeriod(window.start, window.end, now) };
  const totals = await fetchMetricData(
    targetModels.flatMap((t) => TOTALS.map(([metric, s]) => stat(endpoint, t, metric, s))),
    whole,
  );
  const called = targetModels
    .map((targetModel, i) => ({
      targetModel,
      invocations: sum(totals[i * TOTALS.length]),
      loadUs: mean(totals[i * TOTALS.length + 1]),
      downloadUs: mean(totals[i * TOTALS.length + 2]),
    }))
    .filter((t) => t.invocations > 0);
  const minutes = await fetchMetricData(
    called.map((t) => stat(endpoint, t.targetModel, "Invocations", "Sum")),
    { start: window.start, end: window.end, period: 60 },
  );
  return called.map((t, i) => ({
    targetModel: t.targetModel,
    invocations: t.invocations,
    calls: byMinute(minutes[i] ?? [], window),
    // The series are in microseconds, as SageMaker publishes them. A load from the instance's disk records no download.
    measuredLoadMs: t.loadUs === undefined ? undefined : (t.loadUs + (t.downloadUs ?? 0)) / 1000,
  }));
}

/** The series' points by minute of the window, ascending (whatever order CloudWatch answered in; a minute given twice is summed). */
function byMinute(points: Points, window: CapacityWindow): MinuteCalls {
  const cells = new Map<number, number>();
  for (const [t, v] of points) {
    const minute = Math.floor((t - window.start) / 60_000);
    if (minute >= 0 && minute < window.minutes) cells.set(minute, (cells.get(minute) ?? 0) + v);
  }
  const minute = Uint32Array.from([...cells.keys()].sort((a, b) => a - b));
  return { minute, count: Float64Array.from(minute, (m) => cells.get(m)!) };
}

function sum(points: Points | undefined): number {
  return (points ?? []).reduce((s, [, v]) => s + v, 0);
}

function mean(points: Points | undefined): number | undefined {
  if (!points || points.length === 0) return undefined;
  return sum(points) / points.length;
}
