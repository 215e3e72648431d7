/**
 * What every instance of an engine's endpoints holds now: the engine's cache snapshot, and the
 * wire format of its internal route `GET /_mme/endpoints/{name}/residency` (local engine only;
 * SageMaker has no such view). Shared by the engine, the BFF and the residency view.
 */

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
  /** load: the download from S3 alone (when downloaded), and reading the package and loading it into memory alone. */
  downloadMs?: number;
  loadMs?: number;
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
  /** Requests waiting in the model's dynamic batcher queue; absent for a model without one. */
  queued?: number;
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
  /** The eviction policy's name ("gdsf", "lru"). */
  policy: string;
  instances: InstanceSnapshot[];
};

export type CacheSnapshot = { at: number; endpoints: FleetSnapshot[] };
