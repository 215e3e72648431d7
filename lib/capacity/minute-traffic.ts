import type { ModelTraffic } from "./capacity-types";

/**
 * Traffic by minute, sparse: for minute t, the models with requests are
 * `model[start[t] .. start[t+1])` with `count[...]` requests each. 10,000 models × 7 days is
 * ~100M model-minutes, nearly all zero under a Zipf workload; this keeps only the others, in
 * typed arrays that can be shared with worker threads.
 */
export type MinuteTraffic = {
  models: number;
  minutes: number;
  start: Uint32Array;
  model: Uint32Array;
  count: Uint32Array;
  totalRequests: number;
};

/**
 * Reads each model's `perMinute` once (the dense arrays are the big part: 10,000 models × 7 days
 * is 100M cells), keeping each model's non-zero minutes, then lays those out by minute. Counts
 * are rounded to whole requests; negative or NaN counts are refused.
 */
export function buildMinuteTraffic(models: readonly Pick<ModelTraffic, "name" | "perMinute">[]): MinuteTraffic {
  const minutes = models[0]?.perMinute.length ?? 0;
  // Pass 1, over the dense cells: each model's non-zero minutes and counts, appended.
  let cellMinute = new Uint32Array(1 << 16);
  let cellCount = new Uint32Array(1 << 16);
  const rowMinute = new Uint32Array(minutes);
  const rowCount = new Uint32Array(minutes);
  const modelEnd = new Uint32Array(models.length);
  let cells = 0;
  for (let id = 0; id < models.length; id++) {
    const m = models[id]!;
    const counts = m.perMinute;
    if (counts.length !== minutes) throw new Error(`model ${m.name} has ${counts.length} minutes of traffic, the others ${minutes}`);
    const k = nonZeroMinutes(counts, rowMinute, rowCount);
    if (k < 0) throw new Error(`model ${m.name} has ${counts[-k - 1]} requests in minute ${-k - 1}`);
    if (cells + k > cellMinute.length) {
      cellMinute = grown(cellMinute, cells, cells + k);
      cellCount = grown(cellCount, cells, cells + k);
    }
    cellMinute.set(rowMinute.subarray(0, k), cells);
    cellCount.set(rowCount.subarray(0, k), cells);
    cells += k;
    modelEnd[id] = cells;
  }
  // Pass 2, over the non-zero cells only: by minute (a counting sort; models stay in id order).
  const start = new Uint32Array(minutes + 1);
  for (let i = 0; i < cells; i++) start[cellMinute[i]! + 1]!++;
  for (let t = 0; t < minutes; t++) start[t + 1]! += start[t]!;
  const cursor = start.slice(0, minutes);
  const model = new Uint32Array(cells);
  const count = new Uint32Array(cells);
  let totalRequests = 0;
  let i = 0;
  for (let id = 0; id < models.length; id++) {
    for (; i < modelEnd[id]!; i++) {
      const at = cursor[cellMinute[i]!]!++;
      model[at] = id;
      count[at] = cellCount[i]!;
      totalRequests += cellCount[i]!;
    }
  }
  return { models: models.length, minutes, start, model, count, totalRequests };
}

/**
 * One model's non-zero minutes and their counts, rounded, into `minute` and `count`; returns how
 * many. A negative or NaN count at minute t returns -(t + 1). On its own, over scratch rows that
 * never grow, the scan of the dense cells (100M of them in a week of 10,000 models) compiles to a
 * tight loop.
 */
function nonZeroMinutes(counts: ArrayLike<number>, minute: Uint32Array, count: Uint32Array): number {
  const n = counts.length;
  let k = 0;
  for (let t = 0; t < n; t++) {
    const c = counts[t]!;
    if (c > 0.5) {
      minute[k] = t;
      count[k++] = Math.round(c);
    } else if (!(c >= 0)) {
      return -(t + 1);
    }
  }
  return k;
}

/** A copy of the first `used` entries with room for at least `needed`. */
function grown(a: Uint32Array<ArrayBuffer>, used: number, needed: number): Uint32Array<ArrayBuffer> {
  let size = a.length * 2;
  while (size < needed) size *= 2;
  const b = new Uint32Array(size);
  b.set(a.subarray(0, used));
  return b;
}
