import "server-only";
import { combineSeriesSets, type SeriesSet } from "@/lib/metrics/combine-series-sets";
import { MODEL_CHARTS, MODEL_TILES, seriesFor } from "@/lib/metrics/dashboard-charts";
import { METRIC_NAMESPACES } from "@/lib/metrics/metric-series";
import type { RangeSpec } from "@/lib/metrics/time-range";
import type { ModelMetricsView } from "@/lib/schemas/metrics";
import { fetchMetricData } from "@/server/bff/metrics/fetch-metric-data";
import { chartWindow, dataResolution } from "@/server/bff/metrics/metrics-window";
import { perModelQuery } from "@/server/bff/metrics/per-model-queries";
import { registryVersions } from "@/server/bff/metrics/registry-versions";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** Enough versions for any model's recent history; ~20 queries each stays within one or two calls. */
const MAX_CHARTED_VERSIONS = 40;

/**
 * One model's series over a range: each version's (its target model's) and all versions together.
 * The versions are the registry's (ready ones, newest first), so one just uploaded is there before
 * its first invocation; a version deleted from the registry is no longer charted.
 */
export async function getModelMetrics(endpoint: string, model: string, spec: RangeSpec): Promise<ModelMetricsView> {
  const window = chartWindow(spec, dataResolution([METRIC_NAMESPACES.perModel]));
  const loc = await modelDataLocation(endpoint);
  const entry = (await registryVersions(loc, [model])).get(model);
  if (!entry?.head) throw new ApiError("not_found", `Model "${model}" does not exist on endpoint "${endpoint}"`);
  const all = entry.versions;
  const versions = all.slice(0, MAX_CHARTED_VERSIONS);
  const keys = seriesFor(MODEL_CHARTS, MODEL_TILES);
  const points = versions.length ? await fetchMetricData(versions.flatMap((v) => keys.map((k) => perModelQuery(endpoint, v.targetModel, k))), window) : [];
  const sets: SeriesSet[] = versions.map((_, v) => Object.fromEntries(keys.map((key, k) => [key, points[v * keys.length + k] ?? []])));
  return {
    endpoint,
    model,
    ...window,
    versions,
    omittedVersions: all.length - versions.length,
    total: combineSeriesSets(keys, sets),
    byVersion: Object.fromEntries(versions.map((v, i) => [String(v.version), sets[i]!])),
  };
}
