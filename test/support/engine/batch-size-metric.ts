import { GetMetricStatisticsCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";

/** A target model's BatchSize series (namespace MMEConsole) over the last hour: executions, rows, largest batch. */
export async function batchSizeStats(cw: CloudWatchClient, endpointName: string, targetModel: string): Promise<{ executions: number; rows: number; max: number }> {
  const stats = await cw.send(
    new GetMetricStatisticsCommand({
      Namespace: "MMEConsole",
      MetricName: "BatchSize",
      Dimensions: [
        { Name: "EndpointName", Value: endpointName },
        { Name: "TargetModel", Value: targetModel },
      ],
      StartTime: new Date(Date.now() - 3_600_000),
      EndTime: new Date(Date.now() + 60_000),
      Period: 3600,
      Statistics: ["SampleCount", "Sum", "Maximum"],
    }),
  );
  const points = stats.Datapoints ?? [];
  return {
    executions: points.reduce((s, p) => s + (p.SampleCount ?? 0), 0),
    rows: points.reduce((s, p) => s + (p.Sum ?? 0), 0),
    max: Math.max(0, ...points.map((p) => p.Maximum ?? 0)),
  };
}
