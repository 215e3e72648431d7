import type { EvictionPolicy, EvictionPolicyName } from "./eviction-policy";
import { GdsfPolicy } from "./gdsf-policy";
import { LruPolicy } from "./lru-policy";

export function createEvictionPolicy(name: EvictionPolicyName): EvictionPolicy {
  return name === "lru" ? new LruPolicy() : new GdsfPolicy();
}
