/**
 * The contract between what happens in the engine (invokes, loads, unloads, downloads, gauges)
 * and where metrics are kept and served (CloudWatch on the engine). The runtime and the cache
 * only ever see `MetricSink`; the CloudWatch service implements it.
 */

/** CloudWatch's StandardUnit values the engine records. */
export type MetricUnit = "Count" | "Microseconds" | "Milliseconds" | "Percent" | "Bytes" | "None";

export type Dimension = { name: string; value: string };

/** One time series: CloudWatch identifies a metric by namespace, name and dimensions; the unit travels with it. */
export type SeriesKey = {
  namespace: string;
  metricName: string;
  /** Any order: the sink sorts them. */
  dimensions: readonly Dimension[];
  unit: MetricUnit;
};

/**
 * A resolved series: `add` is on the invoke hot path, so it must be cheap (aggregate in memory,
 * persist in batches), never block on I/O and never throw.
 */
export interface SeriesHandle {
  /** One observation; `atMs` defaults to now (epoch milliseconds). */
  add(value: number, atMs?: number): void;
}

export interface MetricSink {
  /** The same key gives the same handle; callers may keep handles for as long as they like. */
  series(key: SeriesKey): SeriesHandle;
}

/** For code paths (and tests) that run without metrics. */
export const NO_METRICS: MetricSink = { series: () => ({ add() {} }) };

/** SageMaker's namespaces, and the console's own for per-model series (AWS has none). */
export const NAMESPACES = {
  invocations: "AWS/SageMaker",
  instances: "/aws/sagemaker/Endpoints",
  perModel: "MMEConsole",
} as const;
