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
  if (count > INSTANCE_MASK) throw new Error(`at most ${INSTANCE_MASK} instances can be simulated, not ${count}`);
  const budget = shape.memoryBytes;
  const policies = createPolicies(nModels, count);
  // Where each model is, in one word (the hit path reads nothing else of the model): NOT_HELD,
  // TOO_BIG (never loaded: its requests fail), the instance that holds it loaded, or that
  // instance | LOADING while its load is under way.
  const where = new Int32Array(nModels);
  // The rest of a model's figures side by side (one cache line on a miss): bytes, load time,
  // when its load under way completes, how many requests asked for it during that load.
  const info = new Float64Array(nModels * INFO);
  const bytesOf = models.bytes;
  const loadMsOf = models.loadMs;
  for (let m = 0; m < nModels; m++) {
    where[m] = bytesOf[m]! > budget ? TOO_BIG : NOT_HELD;
    info[m * INFO + BYTES] = bytesOf[m]!;
    info[m * INFO + LOAD_MS] = loadMsOf[m]!;
  }
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
  // Every miss waits. A cold load that starts on arrival waits its model's load time: counted
  // per model; the other waits (joining a load under way, waiting for memory) are listed.
  const loadsAtArrival = new Uint32Array(nModels);
  let waits: Float64Array = new Float64Array(1024);
  let nWaits = 0;

  const n = trace.model.length;
  const modelAt = trace.model;
  const timeAt = trace.atMs;
  for (let i = 0; i < n; i++) {
    const m = modelAt[i]!;
    const t = timeAt[i]!;
    const w = where[m]!;
    if (w >= 0) {
      const h = w & INSTANCE_MASK;
      // Loads completed by now are admitted first: the policy sees them before this use.
      if (nextReady[h]! <= t) nextReady[h] = completeLoads(loads[h]!, t, policies[h]!, where, waiting, h, info);
      if (where[m] !== h) {
        // Joins the load under way.
        misses++;
        info[m * INFO + ACCESSES]!++;
        waiting[h]!++;
        if (nWaits === waits.length) waits = grown(waits);
        waits[nWaits++] = info[m * INFO + READY_AT]! - t;
      } else {
        hits++;
        policies[h]!.touch(m);
      }
      continue;
    }
    if (w === TOO_BIG) {
      failed++;
      continue;
    }

    // A cold load: route, make room, reserve.
    const at = m * INFO;
    const bytes = info[at + BYTES]!;
    let h = 0;
    for (let k = 0; k < count; k++) {
      if (nextReady[k]! <= t) nextReady[k] = completeLoads(loads[k]!, t, policies[k]!, where, waiting, k, info);
      if (k > 0 && (waiting[k]! < waiting[h]! || (waiting[k] === waiting[h] && used[k]! < used[h]!))) h = k;
    }
    let start = t;
    while (used[h]! + bytes > budget) {
      const victim = policies[h]!.evict();
      if (victim < 0) {
        // Loads under way hold the memory: wait for the first to complete.
        start = Math.max(start, nextReady[h]!);
        nextReady[h] = completeLoads(loads[h]!, start, policies[h]!, where, waiting, h, info);
        continue;
      }
      where[victim] = NOT_HELD;
      const freed = info[victim * INFO + BYTES]!;
      used[h]! -= freed;
      fleetUsed -= freed;
      evictions++;
    }
    where[m] = h | LOADING;
    info[at + ACCESSES] = 1;
    waiting[h]!++;
    const readyAt = start + info[at + LOAD_MS]!;
    info[at + READY_AT] = readyAt;
    nextReady[h] = loads[h]!.push(m, readyAt);
    const u = (used[h]! += bytes);
    fleetUsed += bytes;
    if (u > peak) peak = u;
    if (fleetUsed > fleetPeak) fleetPeak = fleetUsed;
    coldLoads++;
    misses++;
    if (start === t) loadsAtArrival[m]!++;
    else {
      if (nWaits === waits.length) waits = grown(waits);
      waits[nWaits++] = readyAt - t;
    }
  }

  const { p50, p99 } = loadingWaitPercentiles(hits, { loadMs: loadMsOf, loadsAtArrival, others: waits.subarray(0, nWaits) });
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

const NOT_HELD = -1;
const TOO_BIG = -2;
const LOADING = 0x10000;
const INSTANCE_MASK = 0xffff;
/** `info`'s layout: INFO numbers per model. */
const INFO = 4;
const BYTES = 0;
const LOAD_MS = 1;
const READY_AT = 2;
const ACCESSES = 3;

/** The waits list, twice as long (a module function: the replay loop stays small). */
function grown(waits: Float64Array): Float64Array {
  const bigger = new Float64Array(waits.length * 2);
  bigger.set(waits);
  return bigger;
}

/**
 * Admits, in completion order, the loads in `queue` (instance `h`) complete at time `t`: their
 * waiting requests leave the instance's busy count. Returns when the next load completes.
 * (A module function, not a closure: one per replay would deoptimise the loop each time.)
 */
function completeLoads(queue: LoadQueue, t: number, policy: SimPolicy, where: Int32Array, waiting: Uint32Array, h: number, info: Float64Array): number {
  let next = queue.nextAt;
  while (next <= t) {
    const m = queue.pop();
    where[m] = h;
    const accesses = info[m * INFO + ACCESSES]!;
    waiting[h]! -= accesses;
    policy.admit(m, info[m * INFO + BYTES]!, accesses);
    next = queue.nextAt;
  }
  return next;
}
