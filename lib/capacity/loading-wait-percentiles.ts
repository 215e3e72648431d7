/**
 * Loading wait over every served request, as SageMaker's ModelLoadingWaitTime is one datum per
 * request: hits wait 0, misses what they waited. Nearest rank, as bench/engine/percentiles.ts.
 *
 * The replay does not store one wait per miss: a cold load that starts when its request arrives
 * (nearly all of them) waits exactly its model's load time, so those are counted per model
 * (`loadsAtArrival[m]` waits of `loadMs[m]` each: a small array that stays in cache, where a
 * stored wait per miss streamed tens of MB through it per configuration). Only the other waits
 * (requests that joined a load under way, loads that waited for memory) are listed, in `others`.
 */
export type MissWaits = { loadMs: ArrayLike<number>; loadsAtArrival: Uint32Array; others: Float64Array };

/** Sorts `waits.others` in place (the caller's scratch buffer). */
export function loadingWaitPercentiles(hits: number, waits: MissWaits): { p50: number; p99: number } {
  const { loadMs, loadsAtArrival, others } = waits;
  // The per-model load times that were waited, ascending, with how many times each was.
  const waited: number[] = [];
  let atArrival = 0;
  for (let m = 0; m < loadsAtArrival.length; m++) {
    if (loadsAtArrival[m]! === 0) continue;
    waited.push(m);
    atArrival += loadsAtArrival[m]!;
  }
  waited.sort((a, b) => loadMs[a]! - loadMs[b]!);
  others.sort();
  const n = hits + atArrival + others.length;
  const ranks = [50, 99].map((p) => Math.min(n, Math.max(1, Math.ceil((p / 100) * n))));
  const [p50, p99] = ranks.map((rank) => (n === 0 || rank <= hits ? 0 : nth(rank - hits)));
  return { p50: p50!, p99: p99! };

  /** The k-th smallest wait (1-based) of the two sorted lists merged. */
  function nth(k: number): number {
    let j = 0; // into waited
    let i = 0; // into others
    let seen = 0;
    for (;;) {
      const fromWaited = j < waited.length && (i >= others.length || loadMs[waited[j]!]! <= others[i]!);
      if (fromWaited) {
        seen += loadsAtArrival[waited[j]!]!;
        if (seen >= k) return loadMs[waited[j]!]!;
        j++;
      } else {
        if (++seen >= k) return others[i]!;
        i++;
      }
    }
  }
}
