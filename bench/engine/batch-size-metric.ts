import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { batchSizeStats } from "@/test/support/engine/batch-size-metric";
import { CREDENTIALS, REGION } from "./bench-endpoint";

/** Where the batch sizes reported beside the batching figures come from. */
export const BATCH_SIZE_SOURCE =
  "the engine's own BatchSize metric (namespace MMEConsole, EndpointName + TargetModel; one sample per batch executed, its rows), read with GetMetricStatistics through @aws-sdk/client-cloudwatch before and after each timed window; mean = delta Sum / delta SampleCount";

export type BatchTotals = { executions: number; rows: number; largest: number };

/**
 * The BatchSize series of one target model, summed over the last hour: batches executed
 * (SampleCount), rows in them (Sum), the largest batch (Maximum). Two readings around a window
 * give that window's batches; the engine records a batch when it starts.
 */
export function batchSizeReader(engineUrl: string, endpointName: string) {
  const cw = new CloudWatchClient({ endpoint: engineUrl, region: REGION, credentials: CREDENTIALS, maxAttempts: 3 });
  return {
    async read(targetModel: string): Promise<BatchTotals> {
      const { executions, rows, max } = await batchSizeStats(cw, endpointName, targetModel);
      return { executions, rows, largest: max };
    },
    close: () => cw.destroy(),
  };
}

/** The batches between two readings: how many, their rows, their mean size (NaN when none ran). */
export function batchesBetween(before: BatchTotals, after: BatchTotals) {
  const executions = after.executions - before.executions;
  const rows = after.rows - before.rows;
  return { executions, rows, mean: executions > 0 ? rows / executions : Number.NaN };
}
