/**
 * An eviction policy as the simulator drives it: the calls of the engine's EvictionPolicy
 * (server/engine/cache/eviction/eviction-policy.ts), on numeric model ids. In a replay every
 * loaded model may be evicted (a request holds a model only while it waits for its load, and
 * loading models are not yet admitted), so "choose a victim" and "remove it" are one call.
 */
export interface SimPolicy {
  admit(model: number, bytes: number, accesses: number): void;
  touch(model: number): void;
  /** Removes and returns the model to evict first; -1 when nothing is resident. */
  evict(): number;
}

/** Builds one policy per instance of a configuration; `models` is how many ids there are. */
export type SimPolicyFactory = (models: number, instances: number) => SimPolicy[];
