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

/** Bits of bucket index for `n` keys: 2^bits >= n buckets, 1 to 24 bits (a shift of 32 would shift nothing). */
function bucketBits(n: number): number {
  return Math.min(24, Math.max(1, 32 - Math.clz32(Math.max(1, n - 1))));
}

/** Places minutes [from, to) into `trace` (allocated for all of them): a worker's share. */
export function placeMinutes(traffic: MinuteTraffic, seed: number, trace: RequestTrace, from: number, to: number): void {
  if (traffic.models > MODEL_BITS) throw new Error(`at most ${MODEL_BITS} models can be simulated, not ${traffic.models}`);
  const offsets = requestOffsets(traffic);
  let maxInMinute = 0;
  for (let t = from; t < to; t++) maxInMinute = Math.max(maxInMinute, offsets[t + 1]! - offsets[t]!);
  const keys = new Float64Array(maxInMinute);
  const bucketOf = new Uint32Array(maxInMinute);
  const minute = new Float64Array(maxInMinute);
  const bucketStart = new Uint32Array(2 ** bucketBits(maxInMinute) + 1);
  const { model, atMs } = trace;
  for (let t = from; t < to; t++) {
    const next = seededUint32((seed ^ Math.imul(t + 1, 0x9e3779b1)) >>> 0);
    // Keys order time, then model. Sorted by a bucket sort on the arrival's top bits (uniform:
    // about one key per bucket), then an insertion sort that only moves keys within a bucket.
    const inMinute = offsets[t + 1]! - offsets[t]!;
    const shift = 32 - bucketBits(inMinute);
    const buckets = 2 ** (32 - shift);
    bucketStart.fill(0, 0, buckets + 1);
    let k = 0;
    for (let i = traffic.start[t]!; i < traffic.start[t + 1]!; i++) {
      const id = traffic.model[i]!;
      for (let c = traffic.count[i]!; c > 0; c--) {
        const random = next();
        const b = random >>> shift;
        bucketOf[k] = b;
        bucketStart[b + 1]!++;
        keys[k++] = random * MODEL_BITS + id;
      }
    }
    for (let b = 0; b < buckets; b++) bucketStart[b + 1]! += bucketStart[b]!;
    for (let j = 0; j < k; j++) minute[bucketStart[bucketOf[j]!]!++] = keys[j]!;
    for (let j = 1; j < k; j++) {
      const key = minute[j]!;
      let i = j - 1;
      for (; i >= 0 && minute[i]! > key; i--) minute[i + 1] = minute[i]!;
      minute[i + 1] = key;
    }
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
