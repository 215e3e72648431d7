import "server-only";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import { MODEL_CHARTS, MODEL_TILES, seriesFor, tileSeries } from "@/lib/metrics/dashboard-charts";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { ModelMetricsView } from "@/lib/schemas/metrics";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { registryVersions } from "@/server/bff/metrics/registry-versions";
import { combineVersions, versionMetricSets, versionSince } from "@/server/bff/metrics/version-metric-sets";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** Enough versions for any model's recent history; ~20 queries each stays within one or two calls. */
const MAX_CHARTED_VERSIONS = 40;

/**
 * One model's series over a range: each version's (its target model's) and all versions together,
 * with the tiles' whole-window figures from the same call. The versions are the registry's (ready
 * ones, newest first), so one just uploaded is there before its first invocation; a version
 * deleted from the registry is no longer charted. A model the registry does not know is a 404.
 */
export async function getModelMetrics(endpoint: string, model: string, spec: RangeSpec, now = Date.now()): Promise<ModelMetricsView> {
  // Its creation bounds the zeros; describing it also warms the config name modelDataLocation needs.
  const ep = await describeEndpointOrNotFound(endpoint);
  const loc = await modelDataLocation(endpoint);
  const entry = (await registryVersions(loc, [model])).get(model);
  if (!entry?.head) throw new ApiError("not_found", `Model "${model}" does not exist on endpoint "${endpoint}"`);
  const window = chartWindow(spec, dataResolution([METRIC_NAMESPACES.perModel]), now);
  const all = entry.versions;
  const versions = all.slice(0, MAX_CHARTED_VERSIONS).map((v) => ({ ...v, since: versionSince(entry.head?.versions[String(v.version)]?.uploadedAt, ep.CreationTime?.getTime()) }));
  const keys = seriesFor(MODEL_CHARTS, MODEL_TILES);
  const rangeKeys = tileSeries(MODEL_TILES, "range");
  const sets = await versionMetricSets(endpoint, versions, window, keys, rangeKeys, wholeRangePeriod(window.start, window.end, now));
  return {
    endpoint,
    model,
    ...window,
    versions: versions.map(({ version, targetModel }) => ({ version, targetModel })),
    omittedVersions: all.length - versions.length,
    total: combineVersions(sets, keys, rangeKeys),
    byVersion: Object.fromEntries(versions.map((v, i) => [String(v.version), sets[i]!])),
  };
}
