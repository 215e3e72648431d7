import { combineMembers, type Points } from "@/lib/metrics/combine-series";
import { SERIES, weightKeyOf, type SeriesKey } from "@/lib/metrics/metric-series";

export type SeriesSet = Partial<Record<SeriesKey, Points>>;

/**
 * Several members' series (a model's versions, an endpoint's variants) as one set: each key
 * combined by its statistic's rule, Averages weighed by their own member's SampleCount.
 */
export function combineSeriesSets(keys: readonly SeriesKey[], sets: readonly SeriesSet[]): SeriesSet {
  const out: SeriesSet = {};
  for (const key of keys) {
    const w = weightKeyOf(key);
    out[key] = combineMembers(
      SERIES[key].stat,
      sets.map((s) => ({ points: s[key] ?? [], weights: w ? (s[w] ?? []) : undefined })),
    );
  }
  return out;
}
