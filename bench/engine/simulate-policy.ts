import type { EvictionPolicy } from "@/server/engine/cache/eviction/eviction-policy";
import { simResult, type SimInput, type SimResult } from "./cache-sim";

/**
 * Drives one of the engine's own eviction policies (server/engine/cache/eviction) offline, as
 * its instance cache does but one request at a time: a miss evicts the policy's victims until
 * the model fits, then admits it; a hit touches it. Comparing this with the engine's measured
 * hit ratio separates the policy from the effects of serving requests concurrently.
 */
export function simulatePolicy(policy: EvictionPolicy, { trace, sizeOf, capacityBytes }: SimInput): SimResult {
  const resident = new Map<string, number>();
  let used = 0;
  let hits = 0;
  let evictions = 0;
  let peak = 0;
  const canEvict = (key: string) => resident.has(key);
  for (let i = 0; i < trace.length; i++) {
    const id = trace[i]!;
    const key = String(id);
    if (resident.has(key)) {
      hits++;
      policy.touch(key);
      continue;
    }
    const need = sizeOf(id);
    if (need > capacityBytes) continue;
    while (used + need > capacityBytes) {
      const victim = policy.chooseVictim(canEvict);
      if (victim === undefined) throw new Error("the policy chose no victim while the cache is full");
      used -= resident.get(victim)!;
      resident.delete(victim);
      policy.remove(victim, "evicted");
      evictions++;
    }
    resident.set(key, need);
    used += need;
    if (used > peak) peak = used;
    policy.admit(key, need, { accesses: 1 });
  }
  return simResult(trace.length, hits, evictions, peak);
}
