/**
 * Decides which resident model an instance unloads when it needs memory. Pure bookkeeping: the
 * cache tells it what became resident, what was used and what left, and asks for a victim
 * among the models it may evict (loaded and not serving a request). Benchmarks drive the same
 * objects offline against LRU and Belady.
 */
export interface EvictionPolicy {
  readonly name: EvictionPolicyName;
  /**
   * `key` is now resident, holding `bytes`. `accesses` counts the requests that asked for it
   * while it loaded (at least 1); `cost` is what a miss on it costs, in any unit (default 1).
   */
  admit(key: string, bytes: number, options?: { accesses?: number; cost?: number }): void;
  /** A request used resident `key`. */
  touch(key: string): void;
  /** `key` left memory: `evicted` when the policy chose it, `dropped` otherwise (failed, endpoint gone). */
  remove(key: string, reason: "evicted" | "dropped"): void;
  /** The model to evict first among resident ones `canEvict` accepts, or undefined if none. */
  chooseVictim(canEvict: (key: string) => boolean): string | undefined;
}

export const EVICTION_POLICY_NAMES = ["gdsf", "lru"] as const;
export type EvictionPolicyName = (typeof EVICTION_POLICY_NAMES)[number];
