import { simResult, type SimInput, type SimResult } from "./cache-sim";

/**
 * Belady's MIN with bypass, offline: on a miss, evict the cached models whose next use is
 * farthest in the future (never-again first) until the new one fits; if the new model's own next
 * use is farther than every model that would have to go, it is served and not kept.
 *
 * With equal sizes this is the optimal hit ratio (an upper bound for any online policy). With
 * sizes that vary, optimal caching is NP-hard; farthest-next-use is the standard heuristic
 * bound, close to but not guaranteed to be the optimum.
 */
export function simulateBelady({ trace, sizeOf, capacityBytes }: SimInput): SimResult {
  const n = trace.length;
  const next = nextUses(trace);
  /** The cached models and the request index of their next use (Infinity: never again). */
  const cached = new Map<number, number>();
  const heap = new MaxHeap();
  let used = 0;
  let hits = 0;
  let evictions = 0;
  let peak = 0;
  const popValid = (): { key: number; id: number } | undefined => {
    for (;;) {
      const top = heap.pop();
      if (!top) return undefined;
      // Lazy deletion: an entry is current only if it still names the model's next use.
      if (cached.get(top.id) === top.key) return top;
    }
  };
  for (let i = 0; i < n; i++) {
    const id = trace[i]!;
    const nextUse = next[i]!;
    if (cached.has(id)) {
      hits++;
      cached.set(id, nextUse);
      heap.push(nextUse, id);
      continue;
    }
    const need = sizeOf(id);
    if (need > capacityBytes || nextUse === Infinity) continue;
    // Dry run: take the farthest models, as long as they are farther than the new one, until it fits.
    const victims: { key: number; id: number }[] = [];
    let free = capacityBytes - used;
    while (free < need) {
      const top = popValid();
      if (!top) break;
      victims.push(top);
      if (top.key < nextUse) break;
      free += sizeOf(top.id);
    }
    const last = victims[victims.length - 1];
    if (free < need || (last && last.key < nextUse)) {
      // The new model is the farthest: bypass it and keep every cached model.
      for (const v of victims) heap.push(v.key, v.id);
      continue;
    }
    for (const v of victims) {
      cached.delete(v.id);
      used -= sizeOf(v.id);
      evictions++;
    }
    cached.set(id, nextUse);
    heap.push(nextUse, id);
    used += need;
    if (used > peak) peak = used;
  }
  return simResult(n, hits, evictions, peak);
}

/** next[i] = the index of the next request for trace[i] after i, or Infinity. */
export function nextUses(trace: ArrayLike<number>): Float64Array {
  const next = new Float64Array(trace.length);
  const seen = new Map<number, number>();
  for (let i = trace.length - 1; i >= 0; i--) {
    const id = trace[i]!;
    next[i] = seen.get(id) ?? Infinity;
    seen.set(id, i);
  }
  return next;
}

/** A binary max-heap of (key, id) pairs. */
class MaxHeap {
  private keys: number[] = [];
  private ids: number[] = [];

  push(key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    let i = keys.length;
    keys.push(key);
    ids.push(id);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! >= key) break;
      keys[i] = keys[parent]!;
      ids[i] = ids[parent]!;
      i = parent;
    }
    keys[i] = key;
    ids[i] = id;
  }

  pop(): { key: number; id: number } | undefined {
    const keys = this.keys;
    const ids = this.ids;
    if (keys.length === 0) return undefined;
    const top = { key: keys[0]!, id: ids[0]! };
    const lastKey = keys.pop()!;
    const lastId = ids.pop()!;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r]! > keys[l]! ? r : l;
        if (keys[c]! <= lastKey) break;
        keys[i] = keys[c]!;
        ids[i] = ids[c]!;
        i = c;
      }
      keys[i] = lastKey;
      ids[i] = lastId;
    }
    return top;
  }
}
