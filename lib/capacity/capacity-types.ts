/** What the capacity planner takes and returns. Pure data: no I/O, no Node APIs. */

/** Where a figure came from: measured on the engine, from the verification run, or estimated from the package. */
export type MemorySource = "measured" | "estimated";
export type LoadSource = "measured" | "verification" | "estimated";

export type ModelTraffic = {
  name: string;
  /** Memory the model takes once loaded (GPU memory on a GPU type). */
  memoryBytes: number;
  memorySource: MemorySource;
  /** How long a cold load takes: what a request that misses waits. */
  loadMs: number;
  loadSource: LoadSource;
  /** Its invocations by minute of the range. */
  calls: MinuteCalls;
};

/**
 * A model's invocations by minute of the range, sparse: minute `minute[k]` (from 0, ascending,
 * each once) had `count[k]` of them (rounded to whole requests). Minutes without calls are left
 * out, as CloudWatch leaves out periods without data: a week of 10,000 models under a Zipf load is
 * ~6M such cells, where one number per model and minute would be 100M (800 MB).
 */
export type MinuteCalls = { minute: ArrayLike<number>; count: ArrayLike<number> };

/** "lru" is what SageMaker does; "engine" is the local engine's own GDSF policy. */
export type CapacityPolicy = "lru" | "engine";

export type CandidateConfig = {
  instanceType: string;
  /** The memory budget of one instance (GPU memory for GPU types). */
  memoryBytes: number;
  count: number;
  policy: CapacityPolicy;
};

/** The numbers one configuration's replay produces (what a worker sends back). */
export type SimulationOutcome = {
  requests: number;
  hits: number;
  /** Requests that found their model not loaded: cold loads plus requests that joined a load under way. */
  misses: number;
  /** Requests for a model larger than an instance's memory: never served. */
  failedRequests: number;
  coldLoads: number;
  evictions: number;
  loadingWaitP50Ms: number;
  loadingWaitP99Ms: number;
  /** The most memory any one instance held at once (loaded plus reserved for loads under way). */
  peakMemoryBytes: number;
  /** The most memory the whole fleet held at once. */
  peakFleetMemoryBytes: number;
};

export type ConfigResult = SimulationOutcome & {
  config: CandidateConfig;
  /** hits / requests (failed requests count as not hits). */
  hitRatio: number;
  coldLoadsPerHour: number;
  /** Models larger than one instance's memory, whether or not this traffic asked for them. */
  modelsThatDoNotFit: string[];
};

export type CapacityTarget = { hitRatio?: number; loadingWaitP99Ms?: number };
