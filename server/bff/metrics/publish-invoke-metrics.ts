import "server-only";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import { backendConfig, cloudwatchClient } from "@/server/aws/client-factory";
import { invokeMetricData, type InvokeOutcome } from "@/server/bff/metrics/invoke-metric-data";

/**
 * On AWS, publishes the console's per-model series of one invoke (SageMaker has none; the local
 * engine records its own, so nothing is sent there). Fire and forget: the invoke neither waits for
 * it nor fails with it; a failure is logged.
 */
export function publishInvokeMetrics(outcome: InvokeOutcome): void {
  if (backendConfig().kind !== "aws") return;
  cloudwatchClient()
    .send(new PutMetricDataCommand({ Namespace: METRIC_NAMESPACES.perModel, MetricData: invokeMetricData(outcome) }))
    .catch((e: unknown) => console.warn(`[metrics] could not publish per-model metrics of ${outcome.targetModel}:`, e instanceof Error ? e.message : e));
}
