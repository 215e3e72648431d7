import "server-only";
import { candidateConfigs, cheapestMeetingTarget, typesWorthReplaying, dedicatedEndpointsBaseline, priceResults, type PricedResult } from "@/lib/capacity/capacity-cost";
import type { CandidateConfig, CapacityTarget } from "@/lib/capacity/capacity-types";
import { pricesIn, type InstancePrice, type PriceTable } from "@/lib/capacity/instance-prices";
import type { CapacityConfigView, CapacityQuery, CapacityView } from "@/lib/schemas/capacity";
import { backendConfig } from "@/server/aws/client-factory";
import { variantInstances } from "@/server/bff/endpoints/variant-instances";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { loadInstancePrices } from "@/server/capacity/load-instance-prices";
import { runCapacitySimulation, type CapacityProgress } from "@/server/capacity/run-capacity-simulation";
import { ApiError } from "@/server/route/api-error";
import { plannedModels } from "./capacity-models";
import { capacityWindow } from "./capacity-window";
import { endpointHealthFigures } from "./endpoint-health-figures";
import { healthVerdict } from "./health-verdict";
import { registryTargetModels } from "./registry-target-models";
import { residentMemory } from "./resident-memory";
import { targetModelTraffic } from "./target-model-traffic";

/** The hit ratio the cheapest configuration must reach when the caller names no target. */
export const DEFAULT_TARGET_HIT_RATIO = 0.9;
/** The replay's seed: the same traffic gives the same answer every time. */
const SEED = 1;

export type PlanCapacityOptions = { onProgress?: (p: CapacityProgress) => void; workers?: number; now?: number };

/**
 * The Capacity tab, the route and `mme capacity`: the endpoint's own per-model traffic over the
 * range replayed through the priced instance types of its region worth replaying (GPU types only
 * for a GPU endpoint; typesWorthReplaying) × 1..max_instances × SageMaker's
 * LRU and the engine's policy, priced, with the cheapest meeting the target, the cost of one
 * endpoint per model, and whether the endpoint thrashes now.
 */
export async function planCapacity(endpoint: string, query: CapacityQuery, opts: PlanCapacityOptions = {}): Promise<CapacityView> {
  const now = opts.now ?? Date.now();
  const ep = await describeEndpointOrNotFound(endpoint);
  const variants = (ep.ProductionVariants ?? []).flatMap((v) => (v.VariantName ? [v.VariantName] : []));
  const [first] = await variantInstances(ep);
  const current = first?.instanceType && first.count ? { instanceType: first.instanceType, count: first.count } : undefined;
  const region = backendConfig().region;
  const table = readPrices();
  const prices = pricesIn(table, region);
  const window = capacityWindow(query.range, now);

  const loc = await modelDataLocation(endpoint);
  const registry = await registryTargetModels(loc);
  const [traffic, memory, figures] = await Promise.all([
    targetModelTraffic(endpoint, registry.map((r) => r.targetModel), window, now),
    residentMemory(endpoint),
    endpointHealthFigures(endpoint, variants, window, now),
  ]);
  const models = plannedModels(traffic, registry, memory);

  const target: CapacityTarget = { hitRatio: query.target_hit_ratio ?? DEFAULT_TARGET_HIT_RATIO, loadingWaitP99Ms: query.target_p99_ms };
  const types = servingTypes(table, prices, current);
  const configs = models.length === 0 ? [] : withCurrent(candidateConfigs(typesWorthReplaying(types, current?.instanceType), query.max_instances), prices, current);
  const started = performance.now();
  const results = configs.length === 0 ? [] : await runCapacitySimulation({ models, minutes: window.minutes, configs, seed: SEED }, { onProgress: opts.onProgress, workers: opts.workers });
  const simulateMs = Math.round(performance.now() - started);
  const priced = priceResults(results, prices).sort(byCost);
  const best = cheapestMeetingTarget(priced, target);
  const views = priced.map((r) => configView(r, target, current));
  const currentResult = priced.find((r) => isCurrent(r.config, current));

  const dedicated = dedicatedEndpointsBaseline(models, types);
  const calledOnce = models.filter((m) => m.view.invocations === 1).length;
  const health = healthVerdict({
    ...figures,
    distinctModelsCalled: models.length,
    modelsCalledOnce: calledOnce,
    suggestion: best && best !== currentResult ? `${best.config.count} × ${best.config.instanceType} (${best.config.policy === "lru" ? "LRU" : "the engine's policy"}), $${Math.round(best.monthlyUsd).toLocaleString("en-US")}/month` : undefined,
  });

  return {
    endpoint,
    range: query.range,
    start: new Date(window.start).toISOString(),
    end: new Date(window.end).toISOString(),
    region,
    current,
    target,
    models: models.map((m) => m.view),
    configs: views,
    cheapest: best ? priced.indexOf(best) : undefined,
    dedicated: { monthlyUsd: dedicated.monthlyUsd, endpoints: dedicated.endpoints.length, unplaceable: dedicated.unplaceable },
    prices: {
      retrieved: table.retrieved,
      note: prices.length === 0 ? `The price table has no prices for ${region}: add them with MME_PRICES_FILE.` : table.note,
      overriddenBy: process.env.MME_PRICES_FILE || undefined,
      currency: "USD",
    },
    health,
    simulateMs,
    seed: SEED,
  };
}

/** A price file that does not validate is the operator's to fix: said as it is, never a bare 500. */
function readPrices(): PriceTable {
  try {
    return loadInstancePrices();
  } catch (e) {
    throw new ApiError("internal", e instanceof Error ? e.message : String(e));
  }
}

/** The endpoint's own configuration is always replayed, even past max_instances, so the table can mark it. */
function withCurrent(configs: CandidateConfig[], prices: readonly InstancePrice[], current: CapacityView["current"]): CandidateConfig[] {
  if (!current) return configs;
  const price = prices.find((p) => p.instanceType === current.instanceType);
  const listed = configs.some((c) => isCurrent(c, current));
  if (!price || listed) return configs;
  return [...configs, { instanceType: current.instanceType, memoryBytes: price.modelMemoryBytes, count: current.count, policy: "lru" }];
}

/** The endpoint's own type and count, under SageMaker's policy (LRU). */
function isCurrent(c: CandidateConfig, current: CapacityView["current"]): boolean {
  return current !== undefined && c.policy === "lru" && c.instanceType === current.instanceType && c.count === current.count;
}

/** Cheapest first; at equal cost the higher hit ratio, then SageMaker's own policy. */
function byCost(a: PricedResult, b: PricedResult): number {
  return a.monthlyUsd - b.monthlyUsd || b.hitRatio - a.hitRatio || (a.config.policy === "lru" ? -1 : 1) - (b.config.policy === "lru" ? -1 : 1);
}

function configView(r: PricedResult, target: CapacityTarget, current: CapacityView["current"]): CapacityConfigView {
  const meetsTarget =
    r.modelsThatDoNotFit.length === 0 &&
    (target.hitRatio === undefined || r.hitRatio >= target.hitRatio) &&
    (target.loadingWaitP99Ms === undefined || r.loadingWaitP99Ms <= target.loadingWaitP99Ms);
  return {
    instanceType: r.config.instanceType,
    memoryBytes: r.config.memoryBytes,
    count: r.config.count,
    policy: r.config.policy,
    hitRatio: r.hitRatio,
    coldLoadsPerHour: r.coldLoadsPerHour,
    loadingWaitP50Ms: r.loadingWaitP50Ms,
    loadingWaitP99Ms: r.loadingWaitP99Ms,
    peakMemoryBytes: r.peakMemoryBytes,
    modelsThatDoNotFit: r.modelsThatDoNotFit,
    monthlyUsd: r.monthlyUsd,
    meetsTarget,
    current: isCurrent(r.config, current),
  };
}

/**
 * The types the plan may propose, and one endpoint per model would use: GPU types when the
 * endpoint runs on one (its container and models are built for a GPU), else every priced type.
 */
function servingTypes(table: PriceTable, prices: readonly InstancePrice[], current: CapacityView["current"]): InstancePrice[] {
  const gpu = new Set(table.instanceTypes.filter((t) => t.gpuMemoryGiB !== null).map((t) => t.instanceType));
  if (!current || !gpu.has(current.instanceType)) return [...prices];
  return prices.filter((p) => gpu.has(p.instanceType));
}
