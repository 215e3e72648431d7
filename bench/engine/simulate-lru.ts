import { simResult, type SimInput, type SimResult } from "./cache-sim";

/**
 * Least-recently-used with a capacity in bytes: a miss loads the model, then the least recently
 * used models are evicted until the loaded ones fit. A model larger than the whole capacity is
 * served and not kept. Compulsory (first-touch) misses count as misses.
 */
export function simulateLru({ trace, sizeOf, capacityBytes }: SimInput): SimResult {
  // A Map iterates in insertion order: deleting and re-inserting on a hit keeps it in LRU order.
  const cache = new Map<number, number>();
  let used = 0;
  let hits = 0;
  let evictions = 0;
  let peak = 0;
  for (let i = 0; i < trace.length; i++) {
    const id = trace[i]!;
    const size = cache.get(id);
    if (size !== undefined) {
      hits++;
      cache.delete(id);
      cache.set(id, size);
      continue;
    }
    const need = sizeOf(id);
    if (need > capacityBytes) continue;
    while (used + need > capacityBytes) {
      const oldest = cache.keys().next().value as number;
      used -= cache.get(oldest)!;
      cache.delete(oldest);
      evictions++;
    }
    cache.set(id, need);
    used += need;
    if (used > peak) peak = used;
  }
  return simResult(trace.length, hits, evictions, peak);
}
