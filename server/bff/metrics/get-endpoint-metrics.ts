import "server-only";
import { combineSeriesSets, type SeriesSet } from "@/lib/metrics/combine-series-sets";
import { ENDPOINT_CHARTS, ENDPOINT_TILES, seriesFor } from "@/lib/metrics/dashboard-charts";
import { METRIC_NAMESPACES, SERIES, type SeriesKey } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { EndpointMetricsView } from "@/lib/schemas/metrics";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";

/**
 * An endpoint's dashboard series over a range: SageMaker's own metrics (dimensions EndpointName and
 * VariantName), one query per series and variant in one GetMetricData call, variants combined.
 * `chartIds` narrows it to some charts (the residency view on AWS wants only LoadedModelCount).
 */
export async function getEndpointMetrics(endpoint: string, spec: RangeSpec, chartIds?: readonly string[]): Promise<EndpointMetricsView> {
  const ep = await describeEndpointOrNotFound(endpoint);
  const variants = (ep.ProductionVariants ?? []).flatMap((v) => (v.VariantName ? [v.VariantName] : []));
  const charts = chartIds ? ENDPOINT_CHARTS.filter((c) => chartIds.includes(c.id)) : ENDPOINT_CHARTS;
  const keys = seriesFor(charts, chartIds ? [] : ENDPOINT_TILES);
  const namespaceOf = (key: SeriesKey) => (SERIES[key].source === "requests" ? METRIC_NAMESPACES.requests : METRIC_NAMESPACES.instances);
  const window = chartWindow(spec, dataResolution(keys.map(namespaceOf)));
  const queries: StatQuery[] = variants.flatMap((variant) =>
    keys.map((key) => {
      const def = SERIES[key];
      return {
        namespace: namespaceOf(key),
        metric: def.metric,
        stat: def.stat,
        dimensions: { EndpointName: endpoint, VariantName: variant },
        label: `${key} ${variant}`,
      };
    }),
  );
  const points = queries.length ? await fetchMetricData(queries, window) : [];
  const perVariant: SeriesSet[] = variants.map((_, v) => Object.fromEntries(keys.map((key, k) => [key, points[v * keys.length + k] ?? []])));
  return { endpoint, variants, ...window, series: combineSeriesSets(keys, perVariant) };
}
