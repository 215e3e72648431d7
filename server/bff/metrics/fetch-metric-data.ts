import "server-only";
import { GetMetricDataCommand, type Dimension, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { Points } from "@/lib/metrics/combine-series";
import type { MetricStat } from "@/lib/metrics/metric-series";
import { cloudwatchClient } from "@/server/aws/client-factory";

/** GetMetricData's own limit on queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** Calls in flight at once when a request needs several (a page of models with many versions). */
const PARALLEL_CALLS = 4;

/** One statistic of one metric: always a MetricStat, never a metric-math Expression. `period` overrides the window's (a whole-window bucket beside the charts' buckets). */
export type StatQuery = { namespace: string; metric: string; dimensions: Record<string, string>; stat: MetricStat; label?: string; period?: number };

/**
 * Runs MetricStat queries over one window and answers each query's points, in the order asked,
 * ascending by time. Queries go in as few GetMetricData calls as the 500-per-call limit allows;
 * every page of each call is read. No Unit is sent: CloudWatch would drop data recorded without it.
 */
export async function fetchMetricData(queries: readonly StatQuery[], window: { start: number; end: number; period: number }): Promise<Points[]> {
  const chunks: StatQuery[][] = [];
  for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) chunks.push(queries.slice(i, i + MAX_QUERIES_PER_CALL));
  const results: Points[][] = new Array(chunks.length);
  for (let i = 0; i < chunks.length; i += PARALLEL_CALLS) {
    const batch = chunks.slice(i, i + PARALLEL_CALLS);
    const answers = await Promise.all(batch.map((c) => fetchChunk(c, window)));
    answers.forEach((a, j) => (results[i + j] = a));
  }
  return results.flat();
}

async function fetchChunk(queries: readonly StatQuery[], window: { start: number; end: number; period: number }): Promise<Points[]> {
  const points: Points[] = queries.map(() => []);
  const request: MetricDataQuery[] = queries.map((q, i) => ({
    // Ids must start with a lower-case letter; the index maps answers back to queries.
    Id: `q${i}`,
    Label: q.label,
    ReturnData: true,
    MetricStat: {
      Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: toDimensions(q.dimensions) },
      Period: q.period ?? window.period,
      Stat: q.stat,
    },
  }));
  let nextToken: string | undefined;
  do {
    const out = await cloudwatchClient().send(
      new GetMetricDataCommand({
        MetricDataQueries: request,
        StartTime: new Date(window.start),
        EndTime: new Date(window.end),
        ScanBy: "TimestampAscending",
        NextToken: nextToken,
      }),
    );
    for (const r of out.MetricDataResults ?? []) {
      const index = Number(r.Id?.slice(1));
      const target = points[index];
      if (!target) continue;
      (r.Timestamps ?? []).forEach((t, k) => {
        const v = r.Values?.[k];
        if (v !== undefined && Number.isFinite(v)) target.push([t.getTime(), v]);
      });
    }
    nextToken = out.NextToken;
  } while (nextToken);
  // Pages may split a series; a page may also come newest-first despite ScanBy on other backends.
  for (const p of points) p.sort(([a], [b]) => a - b);
  return points;
}

function toDimensions(dims: Record<string, string>): Dimension[] {
  return Object.entries(dims).map(([Name, Value]) => ({ Name, Value }));
}
