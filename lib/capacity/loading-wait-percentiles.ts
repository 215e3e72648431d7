/**
 * Loading wait over every served request, as SageMaker's ModelLoadingWaitTime is one datum per
 * request: hits wait 0, misses what they waited. Nearest rank, as bench/engine/percentiles.ts.
 * Only the misses' waits are stored; the hits are a run of zeros before them. Two ranks are
 * selected (quickselect) rather than a million waits sorted per configuration.
 */
/** Reorders `missWaits` (the caller's scratch buffer). */
export function loadingWaitPercentiles(hits: number, missWaits: Float64Array): { p50: number; p99: number } {
  const waits = missWaits;
  const n = hits + waits.length;
  const at = (p: number) => {
    if (n === 0) return 0;
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return rank <= hits ? 0 : select(waits, rank - hits - 1);
  };
  return { p50: at(50), p99: at(99) };
}

/** The k-th smallest (0-based); reorders `a` (Hoare partitioning around a median of three). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
