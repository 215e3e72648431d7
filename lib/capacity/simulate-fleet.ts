import type { SimulationOutcome } from "./capacity-types";
import type { RequestTrace } from "./poisson-placement";
import type { SimPolicy, SimPolicyFactory } from "./sim-policy";
import { LoadQueue } from "./load-queue";
import { loadingWaitPercentiles } from "./loading-wait-percentiles";

/** The models as the replay needs them, indexed by model id (the order of the input). */
export type ModelTable = { bytes: Float64Array; loadMs: Float64Array };

export type FleetShape = { memoryBytes: number; count: number };

/**
 * Replays a trace through `count` instances, each with its own cache under `memoryBytes`, as
 * the engine's EndpointFleet and InstanceCache do:
 *
 * - Routing: to the instance that holds the model (loaded or loading), else to the least busy
 *   instance, then the one with the most free memory, then the first. Requests take no time in
 *   the replay (inference time is not in the input), so "busy" is the number of requests
 *   waiting for a load on that instance at the moment of arrival.
 * - A hit waits 0. A miss starts a load that takes the model's loadMs; requests for the same
 *   model on the same instance while it loads join that load (the engine loads a model at most
 *   once per instance) and wait what is left of it. They count as misses (the engine's
 *   x-mme-model-cache says miss for them) but not as cold loads.
 * - Memory is reserved when a load starts and never exceeds the budget: the policy's victims
 *   are evicted first. A model is admitted to the policy when its load completes (with the
 *   requests that asked meanwhile), as InstanceCache does. Loading models cannot be evicted; if
 *   loads under way hold all the memory, the new load starts when the first of them completes.
 * - A model larger than the budget is never loaded: its requests fail (the engine answers 507).
 */
export function simulateFleet(trace: RequestTrace, models: ModelTable, shape: FleetShape, createPolicies: SimPolicyFactory): SimulationOutcome {
  const nModels = models.bytes.length;
  const count = shape.count;
  const budget = shape.memoryBytes;
  const policies = createPolicies(nModels, count);
  const holder = new Int32Array(nModels).fill(-1);
  const loading = new Uint8Array(nModels);
  const readyAt = new Float64Array(nModels);
  const accesses = new Uint32Array(nModels);
  const used = new Float64Array(count);
  const waiting = new Uint32Array(count);
  /** Per instance: the models loading there, and the earliest time one completes. */
  const loads = Array.from({ length: count }, () => new LoadQueue());
  const nextReady = new Float64Array(count).fill(Infinity);

  let hits = 0;
  let misses = 0;
  let failed = 0;
  let coldLoads = 0;
  let evictions = 0;
  let peak = 0;
  let fleetUsed = 0;
  let fleetPeak = 0;
  // Every miss waits: at most one wait per request.
  const waits = scratchWaits(trace.model.length);
  let nWaits = 0;
  const bytesOf = models.bytes;
  const loadMsOf = models.loadMs;

  const n = trace.model.length;
  const modelAt = trace.model;
  const timeAt = trace.atMs;
  for (let i = 0; i < n; i++) {
    const m = modelAt[i]!;
    const t = timeAt[i]!;
    const bytes = bytesOf[m]!;
    if (bytes > budget) {
      failed++;
      continue;
    }
    let h = holder[m]!;
    if (h >= 0) {
      if (nextReady[h]! <= t) nextReady[h] = completeLoads(loads[h]!, t, policies[h]!, loading, waiting, h, accesses, bytesOf);
      if (loading[m]) {
        // Joins the load under way.
        misses++;
        accesses[m]!++;
        waiting[h]!++;
        waits[nWaits++] = readyAt[m]! - t;
      } else {
        hits++;
        policies[h]!.touch(m);
      }
      continue;
    }

    // A cold load: route, make room, reserve.
    h = 0;
    for (let k = 0; k < count; k++) {
      if (nextReady[k]! <= t) nextReady[k] = completeLoads(loads[k]!, t, policies[k]!, loading, waiting, k, accesses, bytesOf);
      if (k > 0 && (waiting[k]! < waiting[h]! || (waiting[k] === waiting[h] && used[k]! < used[h]!))) h = k;
    }
    let start = t;
    while (used[h]! + bytes > budget) {
      const victim = policies[h]!.evict();
      if (victim < 0) {
        // Loads under way hold the memory: wait for the first to complete.
        start = Math.max(start, nextReady[h]!);
        nextReady[h] = completeLoads(loads[h]!, start, policies[h]!, loading, waiting, h, accesses, bytesOf);
        continue;
      }
      holder[victim] = -1;
      used[h]! -= bytesOf[victim]!;
      fleetUsed -= bytesOf[victim]!;
      evictions++;
    }
    holder[m] = h;
    loading[m] = 1;
    accesses[m] = 1;
    waiting[h]!++;
    readyAt[m] = start + loadMsOf[m]!;
    loads[h]!.push(m, readyAt[m]!);
    nextReady[h] = loads[h]!.nextAt;
    used[h]! += bytes;
    fleetUsed += bytes;
    if (used[h]! > peak) peak = used[h]!;
    if (fleetUsed > fleetPeak) fleetPeak = fleetUsed;
    coldLoads++;
    misses++;
    waits[nWaits++] = readyAt[m]! - t;
  }

  const { p50, p99 } = loadingWaitPercentiles(hits, waits.subarray(0, nWaits));
  return {
    requests: n,
    hits,
    misses,
    failedRequests: failed,
    coldLoads,
    evictions,
    loadingWaitP50Ms: p50,
    loadingWaitP99Ms: p99,
    peakMemoryBytes: peak,
    peakFleetMemoryBytes: fleetPeak,
  };
}

let scratch = new Float64Array(0);

/**
 * The misses' waits go in one buffer reused from replay to replay: a fresh 100 MB array per
 * configuration spent a fifth of the replay in page faults.
 */
function scratchWaits(requests: number): Float64Array {
  if (scratch.length < requests) scratch = new Float64Array(requests);
  return scratch;
}

/**
 * Admits, in completion order, the loads in `queue` (instance `h`) complete at time `t`: their
 * waiting requests leave the instance's busy count. Returns when the next load completes.
 * (A module function, not a closure: one per replay would deoptimise the loop each time.)
 */
function completeLoads(
  queue: LoadQueue,
  t: number,
  policy: SimPolicy,
  loading: Uint8Array,
  waiting: Uint32Array,
  h: number,
  accesses: Uint32Array,
  bytesOf: Float64Array,
): number {
  while (queue.nextAt <= t) {
    const m = queue.pop();
    loading[m] = 0;
    waiting[h]! -= accesses[m]!;
    policy.admit(m, bytesOf[m]!, accesses[m]!);
  }
  return queue.nextAt;
}
