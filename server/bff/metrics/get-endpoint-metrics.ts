import "server-only";
import { latestWindow, wholeRangePeriod } from "@/lib/metrics/choose-period";
import type { Points } from "@/lib/metrics/combine-series";
import { combineSeriesSets, type SeriesSet } from "@/lib/metrics/combine-series-sets";
import { ENDPOINT_CHARTS, ENDPOINT_TILES, seriesFor, tileSeries } from "@/lib/metrics/dashboard-charts";
import { METRIC_NAMESPACES, SERIES, type SeriesKey } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { EndpointMetricsView } from "@/lib/schemas/metrics";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";

const namespaceOf = (key: SeriesKey) => (SERIES[key].source === "requests" ? METRIC_NAMESPACES.requests : METRIC_NAMESPACES.instances);

/**
 * An endpoint's dashboard over a range: SageMaker's own metrics (dimensions EndpointName and
 * VariantName), one query per series and variant, variants combined. The charts' buckets and the
 * tiles' whole-window buckets go in one GetMetricData call over one window, so tiles and charts
 * read the same data; the gauges' newest samples ("now") in a second one over the window's last
 * minutes. `chartIds` narrows it to some charts and no tiles (the residency view on AWS wants
 * only LoadedModelCount).
 */
export async function getEndpointMetrics(endpoint: string, spec: RangeSpec, chartIds?: readonly string[], now = Date.now()): Promise<EndpointMetricsView> {
  const ep = await describeEndpointOrNotFound(endpoint);
  const variants = (ep.ProductionVariants ?? []).flatMap((v) => (v.VariantName ? [v.VariantName] : []));
  const charts = chartIds ? ENDPOINT_CHARTS.filter((c) => chartIds.includes(c.id)) : ENDPOINT_CHARTS;
  const tiles = chartIds ? [] : ENDPOINT_TILES;
  const keys = seriesFor(charts, tiles);
  const rangeKeys = tileSeries(tiles, "range");
  const latestKeys = tileSeries(tiles, "latest");
  const resolution = dataResolution([...keys, ...rangeKeys, ...latestKeys].map(namespaceOf));
  const window = chartWindow(spec, resolution, now);
  const rangePeriod = wholeRangePeriod(window.start, window.end, now);
  const query = (key: SeriesKey, variant: string, period?: number): StatQuery => ({
    namespace: namespaceOf(key),
    metric: SERIES[key].metric,
    stat: SERIES[key].stat,
    dimensions: { EndpointName: endpoint, VariantName: variant },
    label: `${key} ${variant}`,
    period,
  });
  const perVariant: { key: SeriesKey; period?: number }[] = [...keys.map((k) => ({ key: k })), ...rangeKeys.map((k) => ({ key: k, period: rangePeriod }))];
  const [points, latestPoints] = await Promise.all([
    fetchMetricData(
      variants.flatMap((v) => perVariant.map((q) => query(q.key, v, q.period))),
      window,
    ),
    fetchMetricData(
      variants.flatMap((v) => latestKeys.map((k) => query(k, v))),
      latestWindow(window, now, resolution),
    ),
  ]);
  const setsOf = (list: readonly SeriesKey[], all: readonly Points[], stride: number, offset: number): SeriesSet[] =>
    variants.map((_, v) => Object.fromEntries(list.map((key, k) => [key, all[v * stride + offset + k] ?? []])));
  return {
    endpoint,
    variants,
    ...window,
    since: ep.CreationTime?.getTime(),
    series: combineSeriesSets(keys, setsOf(keys, points, perVariant.length, 0)),
    range: combineSeriesSets(rangeKeys, setsOf(rangeKeys, points, perVariant.length, keys.length)),
    latest: combineSeriesSets(latestKeys, setsOf(latestKeys, latestPoints, latestKeys.length, 0)),
  };
}
