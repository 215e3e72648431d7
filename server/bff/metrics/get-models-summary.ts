import "server-only";
import { wholeRangePeriod } from "@/lib/metrics/choose-period";
import { combineSeriesSets, type SeriesSet } from "@/lib/metrics/combine-series-sets";
import { reducePoints } from "@/lib/metrics/combine-series";
import type { SeriesKey } from "@/lib/metrics/metric-series";
import { resolveRange, type RangeSpec } from "@/lib/metrics/time-range";
import type { ModelMetricsSummary, ModelsSummaryView } from "@/lib/schemas/metrics";
import { fetchMetricData, type StatQuery } from "@/server/bff/metrics/fetch-metric-data";
import { perModelQuery } from "@/server/bff/metrics/per-model-queries";
import { registryVersions } from "@/server/bff/metrics/registry-versions";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";

const KEYS: readonly SeriesKey[] = ["invocations", "modelLatencyP99", "cacheHit", "cacheHitSamples"];

/**
 * The models table's figures for a page of models over a range: invocations, p99 model latency and
 * cache hit ratio, each model's versions (the registry's ready ones) combined. One bucket per series
 * (a period as long as the range), every version of every listed model in as few GetMetricData
 * calls as 500 queries allow.
 * The p99 of several versions is the largest version's: an upper bound (see combineMembers).
 */
export async function getModelsSummary(endpoint: string, models: readonly string[], spec: RangeSpec, now = Date.now()): Promise<ModelsSummaryView> {
  const { start, end } = resolveRange(spec, now);
  const versions = await registryVersions(await modelDataLocation(endpoint), models);
  const targets = models.map((m) => versions.get(m)?.versions ?? []);
  const queries: StatQuery[] = targets.flatMap((vs) => vs.flatMap((v) => KEYS.map((k) => perModelQuery(endpoint, v.targetModel, k))));
  const points = queries.length ? await fetchMetricData(queries, { start, end, period: wholeRangePeriod(start, end, now) }) : [];
  let next = 0;
  const summaries: Record<string, ModelMetricsSummary> = {};
  models.forEach((model, i) => {
    const sets: SeriesSet[] = targets[i]!.map(() => Object.fromEntries(KEYS.map((k) => [k, points[next++] ?? []])));
    const all = combineSeriesSets(KEYS, sets);
    summaries[model] = {
      invocations: reducePoints("sum", all.invocations ?? []) ?? 0,
      p99LatencyUs: reducePoints("peak", all.modelLatencyP99 ?? []),
      cacheHitRatio: reducePoints("weighted", all.cacheHit ?? [], all.cacheHitSamples),
    };
  });
  return { start, end, models: summaries };
}
