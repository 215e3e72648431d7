import type { SimPolicy, SimPolicyFactory } from "@/lib/capacity/sim-policy";
import type { EvictionPolicy } from "@/server/engine/cache/eviction/eviction-policy";
import { GdsfPolicy } from "@/server/engine/cache/eviction/gdsf-policy";
import { LruPolicy } from "@/server/engine/cache/eviction/lru-policy";

/**
 * The engine's own policy objects behind the simulator's interface. Too slow for a week of
 * traffic (GdsfPolicy scans every resident model per eviction, and keys are strings), so the
 * planner replays with lib/capacity's typed-array equivalents; this is what the tests compare
 * them with, and what the bench times for the record.
 */
export function engineSimPolicies(create: () => EvictionPolicy): SimPolicyFactory {
  return (_models, instances) => Array.from({ length: instances }, () => new EnginePolicySim(create()));
}

export const engineLruSimPolicies = engineSimPolicies(() => new LruPolicy());
export const engineGdsfSimPolicies = engineSimPolicies(() => new GdsfPolicy());

class EnginePolicySim implements SimPolicy {
  constructor(private readonly policy: EvictionPolicy) {}

  admit(model: number, bytes: number, accesses: number): void {
    this.policy.admit(String(model), bytes, { accesses });
  }

  touch(model: number): void {
    this.policy.touch(String(model));
  }

  evict(): number {
    const victim = this.policy.chooseVictim(() => true);
    if (victim === undefined) return -1;
    this.policy.remove(victim, "evicted");
    return Number(victim);
  }
}
