import "server-only";
import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { ModelVersionRef } from "@/lib/schemas/metrics";
import { cloudwatchClient } from "@/server/aws/client-factory";

/** A target model the registry made: `<model>/v<N>.tar.gz` (lib/model-registry.ts's layout). */
const TARGET_MODEL = /^([a-zA-Z0-9][a-zA-Z0-9_.-]{0,127})\/v(\d{1,7})\.tar\.gz$/;

/**
 * The registry's model versions that have per-model series on an endpoint, by model, newest
 * version first. ListMetrics on the console's namespace is the one place that knows which target
 * models were invoked, including versions deleted since; one Invocations series per target model.
 */
export async function listMetricVersions(endpoint: string): Promise<Map<string, ModelVersionRef[]>> {
  const byModel = new Map<string, ModelVersionRef[]>();
  let nextToken: string | undefined;
  do {
    const page = await cloudwatchClient().send(
      new ListMetricsCommand({
        Namespace: METRIC_NAMESPACES.perModel,
        MetricName: "Invocations",
        Dimensions: [{ Name: "EndpointName", Value: endpoint }],
        NextToken: nextToken,
      }),
    );
    for (const m of page.Metrics ?? []) {
      const dims = m.Dimensions ?? [];
      const targetModel = dims.find((d) => d.Name === "TargetModel")?.Value;
      // Only the series the console reads back: exactly EndpointName and TargetModel.
      if (dims.length !== 2 || !targetModel) continue;
      const match = TARGET_MODEL.exec(targetModel);
      if (!match) continue;
      const list = byModel.get(match[1]!) ?? [];
      if (!list.some((v) => v.targetModel === targetModel)) list.push({ version: Number(match[2]), targetModel });
      byModel.set(match[1]!, list);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  for (const list of byModel.values()) list.sort((a, b) => b.version - a.version);
  return byModel;
}
