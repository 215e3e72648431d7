import { weightKeyOf, type MetricUnitKind, type SeriesKey } from "@/lib/metrics/metric-series";

/** One chart: which series it draws, in legend order, and what to say when there is nothing. */
export type ChartDef = { id: string; title: string; unit: MetricUnitKind; series: readonly SeriesKey[]; empty: string; note?: string };

/**
 * A figure above the charts, from the same answer and window as the charts. `reduce` says how:
 * sum: the chart's buckets added (what its bars add up to); weighted: an Average over the chart's
 * buckets weighed by its SampleCount (exact over the window); range: one bucket as long as the
 * window (a percentile of the whole range cannot be rebuilt from the chart's per-bucket
 * percentiles); latest: a gauge's newest sample at the range's end, whatever the range's length.
 */
export type TileDef = {
  id: string;
  label: string;
  /** What the figure covers, shown under the label: "total over the range", "busiest instance". */
  qualifier: string;
  /** The label when the range ends in the past (a custom range): "now" would be wrong there. */
  pastLabel?: string;
  unit: MetricUnitKind;
  reduce: "sum" | "weighted" | "range" | "latest";
  series: SeriesKey;
  hint?: string;
};

const NO_INVOCATIONS = "No invocations in this range";

/** Charts every request-level view has: the endpoint's dashboard and one model's. */
export const REQUEST_CHARTS: readonly ChartDef[] = [
  { id: "invocations", title: "Invocations", unit: "count", series: ["invocations"], empty: NO_INVOCATIONS },
  { id: "errors", title: "Errors", unit: "count", series: ["errors4xx", "errors5xx", "modelErrors"], empty: NO_INVOCATIONS },
  { id: "model-latency", title: "Model latency", unit: "microseconds", series: ["modelLatencyP50", "modelLatencyP90", "modelLatencyP99"], empty: NO_INVOCATIONS },
  {
    id: "overhead-latency",
    title: "Overhead latency",
    unit: "microseconds",
    series: ["overheadLatencyP50", "overheadLatencyP90", "overheadLatencyP99"],
    empty: NO_INVOCATIONS,
    note: "Time the endpoint spent on a request outside the model",
  },
  { id: "cache-hit", title: "Model cache hit ratio", unit: "ratio", series: ["cacheHit"], empty: NO_INVOCATIONS, note: "Share of requests whose model was already loaded" },
  { id: "loading-wait", title: "Model loading wait time", unit: "microseconds", series: ["loadingWaitP50", "loadingWaitP99"], empty: "No request waited for a model load in this range" },
  { id: "loads", title: "Model loads and unloads", unit: "count", series: ["loads", "unloads"], empty: "No model loaded or unloaded in this range" },
  { id: "load-time", title: "Download, load and unload time (max)", unit: "microseconds", series: ["downloadTimeMax", "loadTimeMax", "unloadTimeMax"], empty: "No model loaded or unloaded in this range" },
];

/** Gauges sampled on each instance: an endpoint has them, a single model does not. */
export const INSTANCE_CHARTS: readonly ChartDef[] = [
  { id: "loaded-models", title: "Loaded model count", unit: "count", series: ["loadedModelsAvg", "loadedModelsMax"], empty: "No instance reported in this range" },
  { id: "memory", title: "Memory utilization", unit: "percent", series: ["memoryAvg", "memoryMax"], empty: "No instance reported in this range" },
  { id: "disk", title: "Disk utilization", unit: "percent", series: ["diskAvg", "diskMax"], empty: "No instance reported in this range" },
  { id: "cpu", title: "CPU utilization", unit: "percent", series: ["cpuAvg", "cpuMax"], empty: "No instance reported in this range" },
];

export const ENDPOINT_CHARTS: readonly ChartDef[] = [...REQUEST_CHARTS, ...INSTANCE_CHARTS];
export const MODEL_CHARTS = REQUEST_CHARTS;

export const REQUEST_TILES: readonly TileDef[] = [
  { id: "invocations", label: "Invocations", qualifier: "total over the range", unit: "count", reduce: "sum", series: "invocations" },
  { id: "errors-4xx", label: "4XX errors", qualifier: "total over the range", unit: "count", reduce: "sum", series: "errors4xx" },
  { id: "errors-5xx", label: "5XX errors", qualifier: "total over the range", unit: "count", reduce: "sum", series: "errors5xx" },
  { id: "cache-hit", label: "Cache hit ratio", qualifier: "over the range", unit: "ratio", reduce: "weighted", series: "cacheHit", hint: "Share of the range's requests whose model was already loaded" },
  {
    id: "p99-latency",
    label: "p99 model latency",
    qualifier: "over the range",
    unit: "microseconds",
    reduce: "range",
    series: "modelLatencyP99",
    hint: "99 % of the range's requests spent at most this long in the model. It mixes every model's requests, so a rarely used slow model can have a higher p99 of its own.",
  },
];
export const ENDPOINT_TILES: readonly TileDef[] = [
  ...REQUEST_TILES,
  {
    id: "loaded-models",
    label: "Loaded models now",
    pastLabel: "Loaded models at the range's end",
    qualifier: "busiest instance",
    unit: "count",
    reduce: "latest",
    series: "loadedModelsMax",
    hint: "LoadedModelCount at its latest sample: the most models one instance holds (the same figure whatever the range)",
  },
];
export const MODEL_TILES: readonly TileDef[] = REQUEST_TILES.map((t) =>
  t.id === "p99-latency" ? { ...t, hint: "99 % of the model's requests in the range spent at most this long in the model. All versions together: the highest version's p99 (an upper bound)." } : t,
);

/** The series a set of charts and tiles needs bucket by bucket, each once, with the weights of its averages. */
export function seriesFor(charts: readonly ChartDef[], tiles: readonly TileDef[]): SeriesKey[] {
  const keys = new Set<SeriesKey>();
  const add = (k: SeriesKey) => {
    keys.add(k);
    const w = weightKeyOf(k);
    if (w) keys.add(w);
  };
  charts.forEach((c) => c.series.forEach(add));
  tiles.filter((t) => t.reduce === "sum" || t.reduce === "weighted").forEach((t) => add(t.series));
  return [...keys];
}

/** The series tiles read as one bucket over the whole window (`range`) or as their newest sample (`latest`). */
export function tileSeries(tiles: readonly TileDef[], reduce: "range" | "latest"): SeriesKey[] {
  return [...new Set(tiles.filter((t) => t.reduce === reduce).map((t) => t.series))];
}
