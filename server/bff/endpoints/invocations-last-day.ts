import "server-only";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import { METRIC_NAMESPACES, SERIES } from "@/lib/metrics/metric-series";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";

const DAY_MS = 86_400_000;

/**
 * Each endpoint's invocations over the last 24 hours: SageMaker's Invocations (Sum) per variant,
 * one bucket per series, all endpoints of a page in as few GetMetricData calls as 500 queries allow.
 */
export async function invocationsLastDay(endpoints: readonly { name: string; variants: readonly string[] }[], now = Date.now()): Promise<Map<string, number>> {
  const { metric, stat } = SERIES.invocations;
  const queries: { endpoint: string; query: StatQuery }[] = endpoints.flatMap((e) =>
    e.variants.map((variant) => ({
      endpoint: e.name,
      query: { namespace: METRIC_NAMESPACES.requests, metric, stat, dimensions: { EndpointName: e.name, VariantName: variant } },
    })),
  );
  const totals = new Map<string, number>(endpoints.map((e) => [e.name, 0]));
  if (queries.length === 0) return totals;
  const start = now - DAY_MS;
  const points = await fetchMetricData(
    queries.map((q) => q.query),
    { start, end: now, period: wholeRangePeriod(start, now, now) },
  );
  queries.forEach((q, i) => totals.set(q.endpoint, (totals.get(q.endpoint) ?? 0) + (points[i] ?? []).reduce((sum, [, v]) => sum + v, 0)));
  return totals;
}
