import "server-only";
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import { AWS_RESOLUTION_S, METRIC_NAMESPACES } from "@/lib/metrics/metric-series";

/** What the console saw of one InvokeEndpoint call. */
export type InvokeOutcome = {
  endpoint: string;
  targetModel: string;
  at: Date;
  /** Round trip as the console measured it. */
  roundTripMs: number;
  /** The HTTP status SageMaker answered (200 on success). */
  status: number;
  /** SageMaker's error name, e.g. ModelError when the container failed the request. */
  errorName?: string;
};

/**
 * The per-model data points for one invoke, under the names SageMaker uses (so the console's charts
 * read them as they read the engine's): one datum per request, errors 1 or 0 so Sum counts them and
 * Average is the rate. ModelLatency is the round trip (SageMaker tells a client no finer figure);
 * ModelCacheHit is left out because SageMaker does not say whether a request loaded its model.
 * Stored at the resolution the charts read them at (AWS_RESOLUTION_S: standard, one minute).
 */
export function invokeMetricData(o: InvokeOutcome): MetricDatum[] {
  const dims = [
    { Name: "EndpointName", Value: o.endpoint },
    { Name: "TargetModel", Value: o.targetModel },
  ];
  const StorageResolution = AWS_RESOLUTION_S[METRIC_NAMESPACES.perModel];
  const count = (name: string, value: number): MetricDatum => ({ MetricName: name, Dimensions: dims, Timestamp: o.at, Value: value, Unit: "Count", StorageResolution });
  const data = [
    count("Invocations", 1),
    count("Invocation4XXErrors", o.status >= 400 && o.status < 500 ? 1 : 0),
    count("Invocation5XXErrors", o.status >= 500 ? 1 : 0),
    count("InvocationModelErrors", o.errorName === "ModelError" ? 1 : 0),
  ];
  // A refused request never reached the model: its round trip is no model latency.
  if (o.status < 400) data.push({ MetricName: "ModelLatency", Dimensions: dims, Timestamp: o.at, Value: Math.round(o.roundTripMs * 1000), Unit: "Microseconds", StorageResolution });
  return data;
}
