import "server-only";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { reducePoints, type Points } from "@/lib/metrics/combine-series";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { InstanceHistoryView, ScalingInsightsView, ScalingMetricsView } from "@/lib/schemas/scaling";
import { cloudwatchClient } from "@/server/aws/client-factory";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { scalableVariant } from "@/server/bff/scaling/scalable-variant";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The peak InvocationsPerInstance is looked for over the last day. */
const PEAK_HOURS = 24;
/** Load times are averaged over the last day: a model loaded once this morning still has a cost. */
const LOAD_LOOKBACK_MS = 24 * HOUR;
/** The busiest touched models whose load times are asked (6 queries each); the rest count at the endpoint's average. */
const MAX_MODELS_TIMED = 500;

/**
 * The Scaling tab's figures, from CloudWatch through the metrics code the dashboards use: the
 * instance count measured from traffic over the chosen range, the peak invocations per minute
 * per instance (the input of AWS's sizing formula), and what a new instance would have to load
 * (the models the last hour touched, from the per-model Invocations series with the TargetModel
 * dimension, and their measured cold waits).
 */
export async function getScalingMetrics(name: string, spec: RangeSpec, now = Date.now()): Promise<ScalingMetricsView> {
  const { endpoint, variant } = await scalableVariant(name);
  const variantDims = { EndpointName: name, VariantName: variant };
  const instances = endpoint.ProductionVariants?.[0]?.CurrentInstanceCount ?? 1;
  const [history, peak, coldStart] = await Promise.all([
    instanceHistory(variantDims, spec, now, endpoint.CreationTime?.getTime()),
    peakPerMinute(variantDims, now),
    coldStartInputs(name, variantDims, instances, now),
  ]);
  const insights: ScalingInsightsView = { peakInvocationsPerMinute: peak, peakHours: PEAK_HOURS, coldStart };
  return { history, insights };
}

const requests = (metric: string, stat: StatQuery["stat"], dimensions: Record<string, string>, period?: number): StatQuery => ({
  namespace: METRIC_NAMESPACES.requests,
  metric,
  stat,
  dimensions,
  period,
});

/**
 * Instances in service per bucket, measured: SageMaker counts InvocationsPerInstance as
 * invocations ÷ instances, so Invocations ÷ InvocationsPerInstance is the count wherever there
 * was traffic (the same on AWS and on the engine). Buckets without requests have no figure.
 */
async function instanceHistory(dims: Record<string, string>, spec: RangeSpec, now: number, since?: number): Promise<InstanceHistoryView> {
  const window = chartWindow(spec, dataResolution([METRIC_NAMESPACES.requests]), now);
  const [inv, perInstance] = await fetchMetricData([requests("Invocations", "Sum", dims), requests("InvocationsPerInstance", "Sum", dims)], window);
  const per = new Map(perInstance!.map(([t, v]) => [t, v]));
  const measured: [number, number][] = [];
  for (const [t, v] of inv!) {
    const p = per.get(t);
    if (v > 0 && p !== undefined && p > 0) measured.push([t, Math.round((v / p) * 100) / 100]);
  }
  return { ...window, since, measured };
}

/** The highest InvocationsPerInstance in any one minute of the last day. */
async function peakPerMinute(dims: Record<string, string>, now: number): Promise<number | undefined> {
  const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const [points] = await fetchMetricData([requests("InvocationsPerInstance", "Sum", dims)], { start: end - PEAK_HOURS * HOUR, end, period: 60 });
  const peak = reducePoints("peak", points ?? []);
  return peak !== undefined && peak > 0 ? peak : undefined;
}

/** The target models with an Invocations series on this endpoint that CloudWatch saw in the last 3 hours (every page). */
async function recentTargetModels(endpoint: string): Promise<string[]> {
  const models = new Set<string>();
  let NextToken: string | undefined;
  do {
    const out = await cloudwatchClient().send(
      new ListMetricsCommand({ Namespace: METRIC_NAMESPACES.perModel, MetricName: "Invocations", Dimensions: [{ Name: "EndpointName", Value: endpoint }], RecentlyActive: "PT3H", NextToken }),
    );
    for (const m of out.Metrics ?? []) {
      const tm = m.Dimensions?.find((d) => d.Name === "TargetModel")?.Value;
      if (tm) models.add(tm);
    }
    NextToken = out.NextToken;
  } while (NextToken);
  return [...models];
}

/** Sum ÷ SampleCount over all buckets, µs → s: the exact mean of every sample, undefined with none. */
function meanSeconds(sum: Points | undefined, count: Points | undefined): number | undefined {
  const n = reducePoints("sum", count ?? []) ?? 0;
  if (n <= 0) return undefined;
  return (reducePoints("sum", sum ?? []) ?? 0) / n / 1e6;
}

/** The cold wait from ModelLoadingWaitTime (what a request waited), else ModelDownloadingTime + ModelLoadingTime. */
function coldWait(p: (Points | undefined)[], at: number): number | undefined {
  const wait = meanSeconds(p[at], p[at + 1]);
  if (wait !== undefined) return wait;
  const download = meanSeconds(p[at + 2], p[at + 3]);
  const load = meanSeconds(p[at + 4], p[at + 5]);
  return load === undefined && download === undefined ? undefined : (download ?? 0) + (load ?? 0);
}

const TIMING_METRICS = ["ModelLoadingWaitTime", "ModelDownloadingTime", "ModelLoadingTime"] as const;
const timingQueries = (namespace: string, dimensions: Record<string, string>, period: number): StatQuery[] =>
  TIMING_METRICS.flatMap((metric) => (["Sum", "SampleCount"] as const).map((stat) => ({ namespace, metric, stat, dimensions, period })));

async function coldStartInputs(endpoint: string, variantDims: Record<string, string>, instances: number, now: number): Promise<ScalingInsightsView["coldStart"]> {
  const end = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  const hour = { start: end - HOUR, end, period: 3600 };
  const day = { start: end - LOAD_LOOKBACK_MS, end, period: LOAD_LOOKBACK_MS / 1000 };
  const targets = await recentTargetModels(endpoint);
  const perModel = (tm: string) => ({ EndpointName: endpoint, TargetModel: tm });
  const [counts, endpointTimes] = await Promise.all([
    fetchMetricData(
      targets.map((tm) => ({ namespace: METRIC_NAMESPACES.perModel, metric: "Invocations", stat: "Sum" as const, dimensions: perModel(tm) })),
      hour,
    ),
    fetchMetricData(timingQueries(METRIC_NAMESPACES.requests, variantDims, day.period), day),
  ]);
  const touched = targets
    .map((targetModel, i) => ({ targetModel, invocationsLastHour: reducePoints("sum", counts[i] ?? []) ?? 0 }))
    .filter((m) => m.invocationsLastHour > 0)
    .sort((a, b) => b.invocationsLastHour - a.invocationsLastHour);
  const timed = touched.slice(0, MAX_MODELS_TIMED);
  const times = await fetchMetricData(
    timed.flatMap((m) => timingQueries(METRIC_NAMESPACES.perModel, perModel(m.targetModel), day.period)),
    day,
  );
  const stride = TIMING_METRICS.length * 2;
  return {
    instances,
    endpointLoadSeconds: coldWait(endpointTimes, 0),
    models: touched.map((m, i) => ({ ...m, loadSeconds: i < timed.length ? coldWait(times, i * stride) : undefined })),
  };
}
