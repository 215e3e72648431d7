import type { CapacityPolicy, CandidateConfig, CapacityTarget, ConfigResult, MinuteCalls, ModelTraffic } from "./capacity-types";
import type { InstancePrice } from "./instance-prices";

/** AWS's month for on-demand prices: 730 hours. */
export const HOURS_PER_MONTH = 730;

export type PricedResult = ConfigResult & { monthlyUsd: number };

export type DedicatedBaseline = {
  monthlyUsd: number;
  /** Models with traffic and the instance type each would get. */
  endpoints: { model: string; instanceType: string; hourlyUsd: number }[];
  /** Models with traffic that no priced type holds. */
  unplaceable: string[];
};

/**
 * The types worth replaying: a type that costs at least as much as another with at least as much
 * memory per instance is left out (the same count of the other holds as much for no more money;
 * the price table lists, for example, ml.g5.xlarge to ml.g5.16xlarge, all with one 24 GiB GPU).
 * Among equals the cheaper stays, then the first listed. `keep` (the endpoint's own type) stays
 * whatever it costs, so the plan can show more or fewer of what runs now.
 */
export function typesWorthReplaying(types: readonly InstancePrice[], keep?: string): InstancePrice[] {
  const byCost = [...types].sort((a, b) => a.hourlyUsd - b.hourlyUsd || b.modelMemoryBytes - a.modelMemoryBytes);
  let most = -1;
  const frontier = new Set<InstancePrice>();
  for (const t of byCost) {
    if (t.modelMemoryBytes > most) frontier.add(t);
    most = Math.max(most, t.modelMemoryBytes);
  }
  return types.filter((t) => frontier.has(t) || t.instanceType === keep);
}

/** Every type × count 1..maxCount × policy, each type's memory from the price table. */
export function candidateConfigs(types: readonly InstancePrice[], maxCount: number, policies: readonly CapacityPolicy[] = ["lru", "engine"]): CandidateConfig[] {
  return types.flatMap((t) =>
    Array.from({ length: maxCount }, (_, i) => i + 1).flatMap((count) => policies.map((policy) => ({ instanceType: t.instanceType, memoryBytes: t.modelMemoryBytes, count, policy }))),
  );
}

export function monthlyUsd(config: Pick<CandidateConfig, "instanceType" | "count">, prices: readonly InstancePrice[]): number {
  const price = prices.find((p) => p.instanceType === config.instanceType);
  if (!price) throw new Error(`no price for ${config.instanceType} in this region`);
  return config.count * price.hourlyUsd * HOURS_PER_MONTH;
}

export function priceResults(results: readonly ConfigResult[], prices: readonly InstancePrice[]): PricedResult[] {
  return results.map((r) => ({ ...r, monthlyUsd: monthlyUsd(r.config, prices) }));
}

/**
 * What the same models cost without an MME: one real-time endpoint (one instance) per model
 * that has traffic, on the cheapest priced type whose memory holds it. `types` says which types
 * may serve (GPU models: pass the GPU types).
 */
export function dedicatedEndpointsBaseline(models: readonly Pick<ModelTraffic, "name" | "memoryBytes" | "calls">[], types: readonly InstancePrice[]): DedicatedBaseline {
  const byCost = [...types].sort((a, b) => a.hourlyUsd - b.hourlyUsd || a.modelMemoryBytes - b.modelMemoryBytes);
  const endpoints: DedicatedBaseline["endpoints"] = [];
  const unplaceable: string[] = [];
  for (const m of models) {
    if (!hasTraffic(m.calls)) continue;
    const type = byCost.find((t) => t.modelMemoryBytes >= m.memoryBytes);
    if (type) endpoints.push({ model: m.name, instanceType: type.instanceType, hourlyUsd: type.hourlyUsd });
    else unplaceable.push(m.name);
  }
  return { monthlyUsd: endpoints.reduce((sum, e) => sum + e.hourlyUsd, 0) * HOURS_PER_MONTH, endpoints, unplaceable };
}

/**
 * The cheapest configuration that serves every model (none too large) and meets the target;
 * at equal cost the higher hit ratio. Undefined when none does.
 */
export function cheapestMeetingTarget(results: readonly PricedResult[], target: CapacityTarget): PricedResult | undefined {
  let best: PricedResult | undefined;
  for (const r of results) {
    if (r.modelsThatDoNotFit.length > 0) continue;
    if (target.hitRatio !== undefined && r.hitRatio < target.hitRatio) continue;
    if (target.loadingWaitP99Ms !== undefined && r.loadingWaitP99Ms > target.loadingWaitP99Ms) continue;
    if (!best || r.monthlyUsd < best.monthlyUsd || (r.monthlyUsd === best.monthlyUsd && r.hitRatio > best.hitRatio)) best = r;
  }
  return best;
}

function hasTraffic(calls: MinuteCalls): boolean {
  for (let k = 0; k < calls.count.length; k++) if (calls.count[k]! > 0.5) return true;
  return false;
}
