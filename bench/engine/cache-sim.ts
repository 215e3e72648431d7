/** What the offline simulators take and return. */
export type SimInput = {
  /** Model ids, in request order. */
  trace: ArrayLike<number>;
  /** Accounted bytes of model `id`; a model larger than the capacity is never cached. */
  sizeOf: (id: number) => number;
  capacityBytes: number;
};

export type SimResult = { requests: number; hits: number; misses: number; hitRatio: number; evictions: number; peakBytes: number };

export function simResult(requests: number, hits: number, evictions: number, peakBytes: number): SimResult {
  return { requests, hits, misses: requests - hits, hitRatio: requests === 0 ? 0 : hits / requests, evictions, peakBytes };
}
