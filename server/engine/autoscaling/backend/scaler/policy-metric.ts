import type { TargetTrackingScalingPolicyConfiguration } from "../types";
import type { VariantRef } from "../variant-resource-id";
import type { MetricQuery } from "./scaler-ports";

/**
 * The CloudWatch metric a target tracking policy's alarms watch, for a SageMaker variant:
 * - `SageMakerVariantInvocationsPerInstance`: `AWS/SageMaker` InvocationsPerInstance by
 *   EndpointName and VariantName, Sum per period (SageMaker's "predefined metric (CloudWatch
 *   metric: InvocationsPerInstance)"; each request adds 1/instances, so the Sum over a minute is
 *   the invocations per instance per minute);
 * - a customized metric: its namespace, name, dimensions, statistic and unit as given, or the
 *   MetricStat of its one returned query (for MME `GPUUtilization` or `CPUUtilization` in
 *   `/aws/sagemaker/Endpoints`, which the engine records).
 * Undefined when the engine cannot evaluate it (another predefined type, or metric math).
 */
export function policyMetricQuery(id: string, config: TargetTrackingScalingPolicyConfiguration, variant: VariantRef, periodS: number): MetricQuery | undefined {
  const predefined = config.PredefinedMetricSpecification;
  if (predefined) {
    if (predefined.PredefinedMetricType !== "SageMakerVariantInvocationsPerInstance") return undefined;
    const Dimensions = [
      { Name: "EndpointName", Value: variant.endpointName },
      { Name: "VariantName", Value: variant.variantName },
    ];
    return { Id: id, MetricStat: { Metric: { Namespace: "AWS/SageMaker", MetricName: "InvocationsPerInstance", Dimensions }, Period: periodS, Stat: "Sum" } };
  }
  const custom = config.CustomizedMetricSpecification;
  if (!custom) return undefined;
  // The metric-query form: the one query that returns data, when it is a MetricStat (no math here).
  const stat = custom.Metrics ? custom.Metrics.find((m) => m.ReturnData !== false)?.MetricStat : undefined;
  const metric = stat ? stat.Metric : custom;
  const statistic = stat ? stat.Stat : custom.Statistic;
  const unit = stat ? stat.Unit : custom.Unit;
  if ((custom.Metrics && !stat) || !metric.Namespace || !metric.MetricName || !statistic) return undefined;
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: metric.Namespace, MetricName: metric.MetricName, Dimensions: metric.Dimensions ?? [] },
      Period: periodS,
      Stat: statistic,
      ...(unit ? { Unit: unit } : {}),
    },
  };
}
