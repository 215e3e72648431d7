/**
 * Every series the dashboards chart, named once. The BFF turns them into GetMetricData
 * MetricStat queries and the pages find them by key, so both sides agree on what a key means.
 *
 * `requests` series are per request or per load event: SageMaker's `AWS/SageMaker` for an endpoint,
 * the console's `MMEConsole` (dimension TargetModel) for one model. `instances` series are gauges
 * sampled per instance (`/aws/sagemaker/Endpoints`): only Average or Maximum mean anything there.
 */
export const METRIC_NAMESPACES = { requests: "AWS/SageMaker", instances: "/aws/sagemaker/Endpoints", perModel: "MMEConsole" } as const;
export type MetricNamespace = (typeof METRIC_NAMESPACES)[keyof typeof METRIC_NAMESPACES];

/**
 * The resolution each namespace's data has on AWS, in seconds. SageMaker publishes its endpoint
 * and instance metrics every minute (standard resolution). The console publishes its per-model
 * series with this StorageResolution (server/bff/metrics/invoke-metric-data.ts): standard too,
 * since it holds only the console's own invocations, sparse enough that 10-second buckets would
 * be mostly zeros, and so that it charts at the same periods as SageMaker's endpoint metrics.
 * (The local engine keeps every series at 1 s for 3 hours.)
 */
export const AWS_RESOLUTION_S = { "AWS/SageMaker": 60, "/aws/sagemaker/Endpoints": 60, MMEConsole: 60 } as const satisfies Record<MetricNamespace, 1 | 60>;

export type MetricSource = "requests" | "instances";
export type MetricStat = "Sum" | "SampleCount" | "Average" | "Maximum" | "Minimum" | "p50" | "p90" | "p99";
/** How values read: counts, microseconds (shown as µs, ms or s), percent (0–100), ratio (0–1, shown as %). */
export type MetricUnitKind = "count" | "microseconds" | "percent" | "ratio";

export type SeriesDef = {
  source: MetricSource;
  metric: string;
  stat: MetricStat;
  label: string;
  /** For an Average: the key of the SampleCount series that weighs it when versions or variants are combined. */
  weightKey?: string;
};

const req = (metric: string, stat: MetricStat, label: string, weightKey?: string): SeriesDef => ({ source: "requests", metric, stat, label, weightKey });
const inst = (metric: string, stat: "Average" | "Maximum", label: string): SeriesDef => ({ source: "instances", metric, stat, label });

export const SERIES = {
  invocations: req("Invocations", "Sum", "Invocations"),
  errors4xx: req("Invocation4XXErrors", "Sum", "4XX errors"),
  errors5xx: req("Invocation5XXErrors", "Sum", "5XX errors"),
  modelErrors: req("InvocationModelErrors", "Sum", "Model errors"),
  modelLatencyP50: req("ModelLatency", "p50", "p50"),
  modelLatencyP90: req("ModelLatency", "p90", "p90"),
  modelLatencyP99: req("ModelLatency", "p99", "p99"),
  overheadLatencyP50: req("OverheadLatency", "p50", "p50"),
  overheadLatencyP90: req("OverheadLatency", "p90", "p90"),
  overheadLatencyP99: req("OverheadLatency", "p99", "p99"),
  // One datum per request, 1 for a hit and 0 for a miss: the Average is the hit ratio.
  cacheHit: req("ModelCacheHit", "Average", "Hit ratio", "cacheHitSamples"),
  cacheHitSamples: req("ModelCacheHit", "SampleCount", "Requests with a cache verdict"),
  loadingWaitP50: req("ModelLoadingWaitTime", "p50", "p50"),
  loadingWaitP99: req("ModelLoadingWaitTime", "p99", "p99"),
  // One datum per load or unload event, so the SampleCount counts events.
  loads: req("ModelLoadingTime", "SampleCount", "Loads"),
  unloads: req("ModelUnloadingTime", "SampleCount", "Unloads"),
  downloadTimeMax: req("ModelDownloadingTime", "Maximum", "Download"),
  loadTimeMax: req("ModelLoadingTime", "Maximum", "Load"),
  unloadTimeMax: req("ModelUnloadingTime", "Maximum", "Unload"),
  loadedModelsAvg: inst("LoadedModelCount", "Average", "Average per instance"),
  loadedModelsMax: inst("LoadedModelCount", "Maximum", "Maximum"),
  cpuAvg: inst("CPUUtilization", "Average", "Average"),
  cpuMax: inst("CPUUtilization", "Maximum", "Maximum"),
  memoryAvg: inst("MemoryUtilization", "Average", "Average"),
  memoryMax: inst("MemoryUtilization", "Maximum", "Maximum"),
  diskAvg: inst("DiskUtilization", "Average", "Average"),
  diskMax: inst("DiskUtilization", "Maximum", "Maximum"),
} as const satisfies Record<string, SeriesDef>;

export type SeriesKey = keyof typeof SERIES;

export function isSeriesKey(s: string): s is SeriesKey {
  return Object.hasOwn(SERIES, s);
}

/** The SampleCount series an Average is weighed by, if it has one. */
export function weightKeyOf(key: SeriesKey): SeriesKey | undefined {
  const w = (SERIES[key] as SeriesDef).weightKey;
  return w !== undefined && isSeriesKey(w) ? w : undefined;
}

/** Counts: a bucket with no data point had none of them, so it charts as 0 rather than a gap. */
export function isCountStat(stat: MetricStat): boolean {
  return stat === "Sum" || stat === "SampleCount";
}
