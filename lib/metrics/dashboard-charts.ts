import { weightKeyOf, type MetricUnitKind, type SeriesKey } from "@/lib/metrics/metric-series";

/** One chart: which series it draws, in legend order, and what to say when there is nothing. */
export type ChartDef = { id: string; title: string; unit: MetricUnitKind; series: readonly SeriesKey[]; empty: string; note?: string };

/** A figure over the whole range above the charts. */
export type TileDef = {
  id: string;
  label: string;
  unit: MetricUnitKind;
  /** sum: every bucket added; weighted: an Average weighed by its SampleCount; peak: the highest bucket; latest: the newest bucket. */
  reduce: "sum" | "weighted" | "peak" | "latest";
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
  { id: "invocations", label: "Invocations", unit: "count", reduce: "sum", series: "invocations" },
  { id: "errors-4xx", label: "4XX errors", unit: "count", reduce: "sum", series: "errors4xx" },
  { id: "errors-5xx", label: "5XX errors", unit: "count", reduce: "sum", series: "errors5xx" },
  { id: "cache-hit", label: "Cache hit ratio", unit: "ratio", reduce: "weighted", series: "cacheHit" },
  { id: "p99-latency", label: "Peak p99 model latency", unit: "microseconds", reduce: "peak", series: "modelLatencyP99", hint: "The highest p99 of any bucket in the range" },
];
export const ENDPOINT_TILES: readonly TileDef[] = [
  ...REQUEST_TILES,
  { id: "loaded-models", label: "Loaded models (max per instance, latest)", unit: "count", reduce: "latest", series: "loadedModelsMax" },
];
export const MODEL_TILES = REQUEST_TILES;

/** The series a set of charts and tiles needs, each once, with the weights of its averages. */
export function seriesFor(charts: readonly ChartDef[], tiles: readonly TileDef[]): SeriesKey[] {
  const keys = new Set<SeriesKey>();
  const add = (k: SeriesKey) => {
    keys.add(k);
    const w = weightKeyOf(k);
    if (w) keys.add(w);
  };
  charts.forEach((c) => c.series.forEach(add));
  tiles.forEach((t) => add(t.series));
  return [...keys];
}
