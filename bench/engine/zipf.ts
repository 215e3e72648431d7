import { seededRng, shuffledIndices, type Rng } from "./prng";

/**
 * Zipf(s) over ranks 0..n-1: P(rank k) ∝ 1 / (k+1)^s. Sampled by inverting the cumulative
 * distribution (binary search over a precomputed table), so it is exact for any s and n.
 */
export function zipfSampler(n: number, s: number, rng: Rng): () => number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, not ${n}`);
  const cdf = zipfCdf(n, s);
  return () => {
    const u = rng.next();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

/** cdf[k] = P(rank <= k); cdf[n-1] is exactly 1. */
export function zipfCdf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / Math.pow(k + 1, s);
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) cdf[k]! /= total;
  cdf[n - 1] = 1;
  return cdf;
}

export type TraceOptions = { items: number; requests: number; s: number; seed: number };

/**
 * A request trace of model indices. Ranks are mapped to models through a seeded permutation, so
 * popularity is independent of the order models were uploaded in (and of their sizes).
 */
export function zipfTrace(opts: TraceOptions): Uint32Array {
  const rng = seededRng(opts.seed);
  const sample = zipfSampler(opts.items, opts.s, rng);
  const modelOfRank = shuffledIndices(opts.items, seededRng(opts.seed ^ 0x5bd1e995));
  const trace = new Uint32Array(opts.requests);
  for (let i = 0; i < opts.requests; i++) trace[i] = modelOfRank[sample()]!;
  return trace;
}
