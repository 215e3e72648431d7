import { required } from "./check-metric";
import type { MetricStore } from "./store/metric-store";
import { makeToken, readToken } from "./page-token";
import type { ListMetricsInput } from "./types";

/** CloudWatch returns up to 500 metrics per ListMetrics page. */
const PAGE_SIZE = 500;
const RECENTLY_ACTIVE_MS = 3 * 3600_000;

type ListedMetric = { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: string }[] };

/**
 * Metrics (namespace, name, dimensions; units folded together) matching the filters. A
 * dimension filter keeps metrics that have that dimension, with that value when one is given.
 */
export function listMetrics(store: MetricStore, input: ListMetricsInput, now = Date.now()): { Metrics: ListedMetric[]; NextToken?: string } {
  const filters = (input.Dimensions ?? []).map((f, i) => ({ name: required(f.Name, `Dimensions.member.${i + 1}.Name`), value: f.Value }));
  const offset = readToken(input.NextToken, { n: input.Namespace, m: input.MetricName, d: filters, r: input.RecentlyActive });
  const seen = new Set<string>();
  const metrics: ListedMetric[] = [];
  for (const s of store.listSeries({ namespace: input.Namespace, metricName: input.MetricName })) {
    if (input.RecentlyActive === "PT3H" && s.lastSeenMs < now - RECENTLY_ACTIVE_MS) continue;
    if (!filters.every((f) => s.dimensions.some((d) => d.name === f.name && (f.value === undefined || d.value === f.value)))) continue;
    const key = JSON.stringify([s.namespace, s.metricName, s.dimensions]);
    if (seen.has(key)) continue;
    seen.add(key);
    metrics.push({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions.map((d) => ({ Name: d.name, Value: d.value })) });
  }
  const page = metrics.slice(offset, offset + PAGE_SIZE);
  const next = offset + page.length < metrics.length ? makeToken(offset + page.length, { n: input.Namespace, m: input.MetricName, d: filters, r: input.RecentlyActive }) : undefined;
  return { Metrics: page, ...(next ? { NextToken: next } : {}) };
}
