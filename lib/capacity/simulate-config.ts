import type { CandidateConfig, CapacityPolicy, ConfigResult, ModelTraffic, SimulationOutcome } from "./capacity-types";
import { createGdsfSimPolicies } from "./gdsf-sim-policy";
import { createLruSimPolicies } from "./lru-sim-policy";
import type { RequestTrace } from "./poisson-placement";
import type { SimPolicyFactory } from "./sim-policy";
import { simulateFleet, type ModelTable } from "./simulate-fleet";

const POLICIES: Record<CapacityPolicy, SimPolicyFactory> = { lru: createLruSimPolicies, engine: createGdsfSimPolicies };

export function modelTable(models: readonly Pick<ModelTraffic, "memoryBytes" | "loadMs">[]): ModelTable {
  return { bytes: Float64Array.from(models, (m) => m.memoryBytes), loadMs: Float64Array.from(models, (m) => m.loadMs) };
}

/** One configuration's replay (what a worker runs). */
export function simulateConfig(trace: RequestTrace, models: ModelTable, config: CandidateConfig): SimulationOutcome {
  return simulateFleet(trace, models, config, POLICIES[config.policy]);
}

/** The fit rule: a model fits when one instance's memory holds it whole (models are not split across instances). */
export function modelsThatDoNotFit(models: readonly Pick<ModelTraffic, "name" | "memoryBytes">[], memoryBytes: number): string[] {
  return models.filter((m) => m.memoryBytes > memoryBytes).map((m) => m.name);
}

/** The outcome with the ratios and names a person reads. */
export function configResult(
  config: CandidateConfig,
  outcome: SimulationOutcome,
  models: readonly Pick<ModelTraffic, "name" | "memoryBytes">[],
  minutes: number,
): ConfigResult {
  return {
    ...outcome,
    config,
    hitRatio: outcome.requests === 0 ? 1 : outcome.hits / outcome.requests,
    coldLoadsPerHour: minutes === 0 ? 0 : outcome.coldLoads / (minutes / 60),
    modelsThatDoNotFit: modelsThatDoNotFit(models, config.memoryBytes),
  };
}
