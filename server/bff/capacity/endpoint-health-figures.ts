import "server-only";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import type { Points } from "@/lib/metrics/combine-series";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import type { CapacityWindow } from "./capacity-window";

/** SageMaker's own figures the health verdict reads, each over the whole window, per variant. */
const FIGURES = [
  { namespace: METRIC_NAMESPACES.requests, metric: "ModelCacheHit", stat: "Average" },
  { namespace: METRIC_NAMESPACES.requests, metric: "ModelCacheHit", stat: "SampleCount" },
  { namespace: METRIC_NAMESPACES.requests, metric: "ModelUnloadingTime", stat: "SampleCount" },
  { namespace: METRIC_NAMESPACES.instances, metric: "LoadedModelCount", stat: "Maximum" },
] as const;

/**
 * ModelCacheHit's average (variants weighed by their requests), ModelUnloadingTime's sample count
 * (unloads) and LoadedModelCount's maximum over the window, from the endpoint's own metrics
 * (dimensions EndpointName and VariantName), as one GetMetricData call on the engine and on AWS.
 */
export async function endpointHealthFigures(endpoint: string, variants: readonly string[], window: CapacityWindow, now = Date.now()) {
  const period = wholeRangePeriod(window.start, window.end, now);
  const queries: StatQuery[] = variants.flatMap((v) => FIGURES.map((f) => ({ ...f, dimensions: { EndpointName: endpoint, VariantName: v } })));
  const points = await fetchMetricData(queries, { start: window.start, end: window.end, period });
  let hitWeighted = 0;
  let verdicts = 0;
  let unloads: number | undefined;
  let loaded: number | undefined;
  variants.forEach((_, v) => {
    const at = (k: number): Points => points[v * FIGURES.length + k] ?? [];
    const samples = sum(at(1));
    if (samples > 0) {
      hitWeighted += mean(at(0)) * samples;
      verdicts += samples;
    }
    if (at(2).length > 0) unloads = (unloads ?? 0) + sum(at(2));
    for (const [, m] of at(3)) loaded = Math.max(loaded ?? 0, m);
  });
  return { cacheHitRatio: verdicts > 0 ? hitWeighted / verdicts : undefined, unloads: unloads ?? 0, loadedModelCount: loaded };
}

function sum(points: Points): number {
  return points.reduce((s, [, v]) => s + v, 0);
}

function mean(points: Points): number {
  return points.length === 0 ? 0 : sum(points) / points.length;
}
