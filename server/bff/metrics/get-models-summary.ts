import "server-only";
import { tileValue } from "@/lib/metrics/chart-data";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import { MODEL_TILES, seriesFor, tileSeries } from "@/lib/metrics/dashboard-charts";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { ModelMetricsSummary, ModelsSummaryView } from "@/lib/schemas/metrics";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { registryVersions } from "@/server/bff/metrics/registry-versions";
import { combineVersions, versionMetricSets } from "@/server/bff/metrics/version-metric-sets";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

/** The models table's columns: the model page's tiles of the same names, computed the same way. */
const TILE = (id: string) => MODEL_TILES.find((t) => t.id === id)!;
const COLUMNS = { invocations: TILE("invocations"), p99: TILE("p99-latency"), cacheHit: TILE("cache-hit") };
const TILES = Object.values(COLUMNS);

/**
 * The models table's figures for a page of models over a range: invocations, p99 model latency and
 * cache hit ratio, each model's versions (the registry's ready ones) combined. The same window,
 * buckets and computation as the model page's tiles (versionMetricSets, tileValue), so a row and
 * its model's page agree; every version of every listed model in as few GetMetricData calls as
 * 500 queries allow. The p99 of several versions is the largest version's: an upper bound.
 */
export async function getModelsSummary(endpoint: string, models: readonly string[], spec: RangeSpec, now = Date.now()): Promise<ModelsSummaryView> {
  const window = chartWindow(spec, dataResolution([METRIC_NAMESPACES.perModel]), now);
  const registry = await registryVersions(await modelDataLocation(endpoint), models);
  const keys = seriesFor([], TILES);
  const rangeKeys = tileSeries(TILES, "range");
  const perModel = models.map((m) => registry.get(m)?.versions ?? []);
  const sets = await versionMetricSets(endpoint, perModel.flat(), window, keys, rangeKeys, wholeRangePeriod(window.start, window.end, now));
  let next = 0;
  const summaries: Record<string, ModelMetricsSummary> = {};
  models.forEach((model, i) => {
    const total = combineVersions(sets.slice(next, (next += perModel[i]!.length)), keys, rangeKeys);
    summaries[model] = {
      invocations: tileValue(COLUMNS.invocations, total) ?? 0,
      p99LatencyUs: tileValue(COLUMNS.p99, total),
      cacheHitRatio: tileValue(COLUMNS.cacheHit, total),
    };
  });
  return { start: window.start, end: window.end, models: summaries };
}
