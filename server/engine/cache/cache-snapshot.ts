import type { EvictionPolicyName } from "./eviction/eviction-policy";

/** What happened on an instance, newest last in `recent`. */
export type CacheEvent = {
  at: number;
  kind: "load" | "load-failed" | "evict" | "unload" | "disk-delete";
  targetModel: string;
  bytes?: number;
  /** load: download (if any) + prepare + load; evict/unload: how long unloading took. */
  durationMs?: number;
  /** load: whether the package came from S3 (false: it was still on the instance's disk). */
  downloaded?: boolean;
  reason?: string;
};

export type ResidentModelSnapshot = {
  targetModel: string;
  state: "loading" | "loaded";
  /** Accounted memory (reserved while loading). */
  bytes: number;
  memorySource?: "measured" | "estimated";
  loadedAt?: number;
  lastUsed: number;
  /** Requests served while it was already loaded. */
  hits: number;
  inFlight: number;
};

export type InstanceSnapshot = {
  instanceId: string;
  index: number;
  memory: { budgetBytes: number; usedBytes: number };
  disk: { budgetBytes: number; usedBytes: number; models: { targetModel: string; bytes: number; lastUsed: number }[] };
  inFlight: number;
  models: ResidentModelSnapshot[];
  counters: { hits: number; misses: number; loads: number; loadFailures: number; evictions: number; diskDeletes: number };
  recent: CacheEvent[];
};

export type FleetSnapshot = {
  endpointName: string;
  variantName: string;
  instanceType: string;
  policy: EvictionPolicyName;
  instances: InstanceSnapshot[];
};

export type CacheSnapshot = { at: number; endpoints: FleetSnapshot[] };
