import { NAMESPACES, type MetricSink, type MetricUnit, type SeriesHandle } from "./metric-sink";

/** What one InvokeEndpoint request did, as the runtime saw it. */
export type InvocationRecord = {
  endpointName: string;
  variantName: string;
  /** The variant's instances when the request came: InvocationsPerInstance adds 1/count per request, as SageMaker does. */
  instanceCount: number;
  /** Absent when the request named none (it then fails before reaching a model). */
  targetModel?: string;
  /**
   * The status that counts for the error metrics: the container's own (OriginalStatusCode) for a
   * ModelError, SageMaker's answer otherwise. AWS counts a model's 4xx and 5xx answers there.
   */
  status: number;
  /** A ModelError: the container refused the request or failed to load the model. */
  modelError: boolean;
  /** Absent when the request never reached the instance's cache (refused before routing). */
  cacheHit?: boolean;
  /** Time waited for the model to download and load (misses only). */
  loadingWaitUs?: number;
  /** Time the model took to answer: decode, infer, encode (as Triton would report it). */
  modelLatencyUs?: number;
  /** Time the request spent in the runtime, end to end; OverheadLatency is this minus the model's share. */
  totalUs: number;
};

type Bundle = Record<(typeof PER_REQUEST)[number][0], SeriesHandle>;

/** SageMaker's per-request metrics (AWS/SageMaker), with the units SageMaker gives them (counts are "None"); the per-model copies use the same. */
const PER_REQUEST = [
  ["Invocations", "None"],
  ["InvocationsPerInstance", "None"],
  ["Invocation4XXErrors", "None"],
  ["Invocation5XXErrors", "None"],
  ["InvocationModelErrors", "None"],
  ["ModelCacheHit", "None"],
  ["ModelLoadingWaitTime", "Microseconds"],
  ["ModelLatency", "Microseconds"],
  ["OverheadLatency", "Microseconds"],
] as const satisfies readonly (readonly [string, MetricUnit])[];

/**
 * Turns each invocation into SageMaker's MME metrics, once per variant (`AWS/SageMaker`,
 * EndpointName + VariantName) and once per target model (`MMEConsole`, EndpointName +
 * TargetModel: AWS has no per-model metrics). Error metrics are 1 or 0 on every request, as
 * SageMaker publishes them, so their Sum counts errors and their Average is the error rate;
 * ModelCacheHit likewise (Average = hit ratio). Handles are resolved once per series and kept.
 */
export class InvocationMetrics {
  private readonly variants = new Map<string, Bundle>();
  private readonly models = new Map<string, Bundle>();
  private readonly batchSizes = new Map<string, SeriesHandle>();

  constructor(private readonly sink: MetricSink) {}

  record(r: InvocationRecord, atMs = Date.now()): void {
    this.recordInto(this.bundle(this.variants, NAMESPACES.invocations, r.endpointName, "VariantName", r.variantName), r, atMs);
    if (r.targetModel !== undefined) this.recordInto(this.bundle(this.models, NAMESPACES.perModel, r.endpointName, "TargetModel", r.targetModel), r, atMs);
  }

  private recordInto(b: Bundle, r: InvocationRecord, at: number): void {
    b.Invocations.add(1, at);
    b.InvocationsPerInstance.add(1 / Math.max(1, r.instanceCount), at);
    b.Invocation4XXErrors.add(r.status >= 400 && r.status < 500 ? 1 : 0, at);
    b.Invocation5XXErrors.add(r.status >= 500 ? 1 : 0, at);
    b.InvocationModelErrors.add(r.modelError ? 1 : 0, at);
    if (r.cacheHit !== undefined) b.ModelCacheHit.add(r.cacheHit ? 1 : 0, at);
    if (r.loadingWaitUs !== undefined) b.ModelLoadingWaitTime.add(r.loadingWaitUs, at);
    if (r.modelLatencyUs !== undefined) {
      b.ModelLatency.add(r.modelLatencyUs, at);
      b.OverheadLatency.add(Math.max(0, r.totalUs - r.modelLatencyUs), at);
    }
  }

  /**
   * The rows of each batch Triton's dynamic batcher ran for a target model (`MMEConsole`,
   * EndpointName + TargetModel, unit Count): its Average is the mean batch size, SampleCount the
   * executions, Sum the rows (Triton's nv_inference_count / nv_inference_exec_count). Only batched
   * models record it.
   */
  batchSize(endpointName: string, targetModel: string): SeriesHandle {
    const id = `${endpointName}\u0000${targetModel}`;
    let h = this.batchSizes.get(id);
    if (!h) {
      const dimensions = [
        { name: "EndpointName", value: endpointName },
        { name: "TargetModel", value: targetModel },
      ];
      h = this.sink.series({ namespace: NAMESPACES.perModel, metricName: "BatchSize", dimensions, unit: "Count" });
      this.batchSizes.set(id, h);
    }
    return h;
  }

  private bundle(cache: Map<string, Bundle>, namespace: string, endpointName: string, dimension: string, value: string): Bundle {
    const id = `${endpointName}\u0000${value}`;
    let b = cache.get(id);
    if (!b) {
      const dimensions = [
        { name: "EndpointName", value: endpointName },
        { name: dimension, value },
      ];
      b = Object.fromEntries(PER_REQUEST.map(([metricName, unit]) => [metricName, this.sink.series({ namespace, metricName, dimensions, unit })])) as Bundle;
      cache.set(id, b);
    }
    return b;
  }
}
