import type { MinuteTraffic } from "./minute-traffic";
import { seededUint32 } from "./seeded-random";

/** Every request of the range in arrival order: its model and its time (ms from the range's start). */
export type RequestTrace = {
  model: Uint32Array;
  atMs: Float64Array;
  minutes: number;
};

const MINUTE_MS = 60_000;
/** Model ids take the low 21 bits of a sort key; the arrival's 32 random bits the high ones (< 2^53). */
const MODEL_BITS = 2 ** 21;

/**
 * Places each minute's requests as a Poisson process does: given how many arrived in a minute,
 * the arrival times of a Poisson process are independent and uniform over it. So each request
 * gets a uniform time within its minute, and the minute's requests (all models together) are
 * sorted by time: models interleave as they would. The counts are kept exactly. Seeded per
 * minute, so the same traffic and seed give the same trace however the minutes are split
 * between workers.
 *
 * `shared` allocates the arrays on SharedArrayBuffers, so worker threads read one copy.
 */
export function placeRequests(traffic: MinuteTraffic, seed: number, options: { shared?: boolean } = {}): RequestTrace {
  const n = traffic.totalRequests;
  const trace = {
    model: options.shared ? new Uint32Array(new SharedArrayBuffer(n * 4)) : new Uint32Array(n),
    atMs: options.shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n),
    minutes: traffic.minutes,
  };
  placeMinutes(traffic, seed, trace, 0, traffic.minutes);
  return trace;
}

/** Where minute `t`'s requests start in the trace: the requests of the minutes before it. */
export function requestOffsets(traffic: MinuteTraffic): Float64Array {
  const offsets = new Float64Array(traffic.minutes + 1);
  for (let t = 0; t < traffic.minutes; t++) {
    let inMinute = 0;
    for (let i = traffic.start[t]!; i < traffic.start[t + 1]!; i++) inMinute += traffic.count[i]!;
    offsets[t + 1] = offsets[t]! + inMinute;
  }
  return offsets;
}

/** Places minutes [from, to) into `trace` (allocated for all of them): a worker's share. */
export function placeMinutes(traffic: MinuteTraffic, seed: number, trace: RequestTrace, from: number, to: number): void {
  if (traffic.models > MODEL_BITS) throw new Error(`at most ${MODEL_BITS} models can be simulated, not ${traffic.models}`);
  const offsets = requestOffsets(traffic);
  let maxInMinute = 0;
  for (let t = from; t < to; t++) maxInMinute = Math.max(maxInMinute, offsets[t + 1]! - offsets[t]!);
  const keys = new Float64Array(maxInMinute);
  const { model, atMs } = trace;
  for (let t = from; t < to; t++) {
    const next = seededUint32((seed ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0);
    let k = 0;
    for (let i = traffic.start[t]!; i < traffic.start[t + 1]!; i++) {
      const id = traffic.model[i]!;
      for (let c = traffic.count[i]!; c > 0; c--) keys[k++] = next() * MODEL_BITS + id;
    }
    // A typed array sorts numerically, natively: one sort per minute orders time, then model.
    const minute = keys.subarray(0, k).sort();
    const base = t * MINUTE_MS;
    let out = offsets[t]!;
    for (let j = 0; j < k; j++) {
      const key = minute[j]!;
      // Exact: the key is an integer below 2^53 and MODEL_BITS a power of two (no fmod).
      const random = Math.floor(key / MODEL_BITS);
      model[out] = key - random * MODEL_BITS;
      atMs[out] = base + (random / 2 ** 32) * MINUTE_MS;
      out++;
    }
  }
}
