import "server-only";
import { combineSeriesSets, type SeriesSet } from "@/lib/metrics/combine-series-sets";
import type { Points } from "@/lib/metrics/combine-series";
import type { SeriesKey } from "@/lib/metrics/metric-series";
import type { MetricSetsView, MetricWindowView, ModelVersionRef } from "@/lib/schemas/metrics";
import { fetchMetricData } from "@/server/bff/metrics/fetch-metric-data";
import { perModelQuery } from "@/server/bff/metrics/per-model-queries";

/** A version to read, and since when it can have data: its upload, or the endpoint's creation if later. */
export type VersionToRead = ModelVersionRef & { since?: number };

/**
 * Several versions' per-model series over one window, in one GetMetricData call (or as few as the
 * 500-query limit allows): `keys` bucket by bucket as the charts draw them, `rangeKeys` as one
 * bucket of `rangePeriod` over the whole window (the tiles' percentiles). Answers each version's
 * sets, in the order given.
 */
export async function versionMetricSets(
  endpoint: string,
  versions: readonly VersionToRead[],
  window: MetricWindowView,
  keys: readonly SeriesKey[],
  rangeKeys: readonly SeriesKey[],
  rangePeriod: number,
): Promise<MetricSetsView[]> {
  const perVersion: { key: SeriesKey; period?: number }[] = [...keys.map((key) => ({ key })), ...rangeKeys.map((key) => ({ key, period: rangePeriod }))];
  const points = await fetchMetricData(
    versions.flatMap((v) => perVersion.map((q) => ({ ...perModelQuery(endpoint, v.targetModel, q.key), period: q.period }))),
    window,
  );
  const at = (v: number, i: number): Points => points[v * perVersion.length + i] ?? [];
  return versions.map((ref, v) => ({
    series: Object.fromEntries(keys.map((key, k) => [key, at(v, k)])) as SeriesSet,
    range: Object.fromEntries(rangeKeys.map((key, k) => [key, at(v, keys.length + k)])) as SeriesSet,
    since: ref.since,
  }));
}

/** Versions together: each key by its statistic's rule (combineSeriesSets), since the earliest version's. */
export function combineVersions(sets: readonly MetricSetsView[], keys: readonly SeriesKey[], rangeKeys: readonly SeriesKey[]): MetricSetsView {
  const since = sets.map((s) => s.since).filter((s): s is number => s !== undefined);
  return {
    series: combineSeriesSets(keys, sets.map((s) => s.series)),
    range: combineSeriesSets(rangeKeys, sets.map((s) => s.range)),
    since: since.length === sets.length && since.length > 0 ? Math.min(...since) : undefined,
  };
}

/** When a version can first have data: uploaded, on an endpoint that existed (a model may be uploaded to a prefix before its endpoint). */
export function versionSince(uploadedAt: string | undefined, endpointCreated: number | undefined): number | undefined {
  const uploaded = uploadedAt ? Date.parse(uploadedAt) : NaN;
  const known = [uploaded, endpointCreated ?? NaN].filter((t) => Number.isFinite(t));
  return known.length ? Math.max(...known) : undefined;
}
