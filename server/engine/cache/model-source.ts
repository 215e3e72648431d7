/**
 * What the cache needs from whoever knows how to fetch and run models (the runtime): it owns
 * residency (budgets, single-flight, eviction), not S3, packages or backends.
 */
export interface ResidentModel {
  /** Memory the model holds while loaded; the cache accounts it against the instance budget. */
  readonly memoryBytes: number;
  readonly memorySource: "measured" | "estimated";
  /** Requests waiting in the model's own queue (a dynamic batcher), for the residency view; absent without one. */
  queueDepth?(): number;
  unload(): Promise<void>;
}

export interface PreparedModel<M extends ResidentModel> {
  /** Memory the model will hold, reserved before `load` allocates anything. */
  readonly estimatedBytes: number;
  load(): Promise<M>;
}

export interface ModelSource<M extends ResidentModel> {
  /**
   * Puts `key`'s package into a new folder it creates under `parentDir` (the instance's disk) and
   * returns that folder and the bytes it occupies; a failed download leaves nothing behind.
   * Throws InsufficientCapacityError("disk") when it needs more than `maxBytes`.
   */
  download(key: string, parentDir: string, limits: { maxBytes: number }): Promise<{ folder: string; bytes: number }>;
  /** Reads a package already on disk and says what loading it will take. */
  prepare(key: string, folder: string): Promise<PreparedModel<M>>;
}

/** One request's hold on a loaded model: it cannot be evicted until `release`. */
export type Lease<M> = { readonly model: M; readonly hit: boolean; release(): void };
