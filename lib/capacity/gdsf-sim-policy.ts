import { EvictedHistory } from "./evicted-history";
import type { SimPolicy, SimPolicyFactory } from "./sim-policy";

/** As GdsfPolicy's default. */
const HISTORY_SIZE = 4096;
const MiB = 1024 * 1024;

/**
 * The engine's GdsfPolicy (server/engine/cache/eviction/gdsf-policy.ts), fast enough to replay
 * a week: the same priorities (clock + frequency × cost / MiB, cost 1 as the instance cache
 * admits), the same tie-break (least recently used), the same halved-frequency history. The
 * engine scans every resident model per eviction; this keeps a binary heap instead, updated
 * lazily: a hit only raises a model's priority (the clock never falls, the frequency grows),
 * so a heap entry is a lower bound of its model's key, and an outdated one is pushed again
 * with the current key when it reaches the top. gdsf-sim-policy.test.ts replays both on random
 * traces and requires identical victims.
 */
export const createGdsfSimPolicies: SimPolicyFactory = gdsfSimPolicies(HISTORY_SIZE);

/** With another history size than the engine's default (tests make it overflow). */
export function gdsfSimPolicies(historySize: number): SimPolicyFactory {
  return (models, instances) => {
    const shared: SharedState = {
      resident: new Uint8Array(models),
      frequency: new Float64Array(models),
      sizeMiB: new Float64Array(models),
      priority: new Float64Array(models),
      seq: new Float64Array(models),
      /** The seq of the model's one live heap entry; older entries of it are garbage. */
      pushedSeq: new Float64Array(models),
      counter: new Float64Array(1),
    };
    // Each instance remembers its own evictions, as each engine instance has its own policy.
    return Array.from({ length: instances }, () => new GdsfHeap(shared, new EvictedHistory(models, historySize)));
  };
}

type SharedState = {
  resident: Uint8Array;
  frequency: Float64Array;
  sizeMiB: Float64Array;
  priority: Float64Array;
  seq: Float64Array;
  pushedSeq: Float64Array;
  /**
   * Use order, one counter for the whole fleet: a seq then names one entry on one instance, so a
   * heap's garbage entry for a model that moved to another instance can never pass as live.
   * Only its order within an instance matters for ties, as in GdsfPolicy.
   */
  counter: Float64Array;
};

class GdsfHeap implements SimPolicy {
  private clock = 0;
  private size = 0;
  private heapModel = new Int32Array(64);
  private heapPriority = new Float64Array(64);
  private heapSeq = new Float64Array(64);
  private readonly frequency: Float64Array;
  private readonly seq: Float64Array;
  private readonly priority: Float64Array;
  private readonly sizeMiB: Float64Array;
  private readonly counter: Float64Array;

  constructor(
    private readonly s: SharedState,
    private readonly history: EvictedHistory,
  ) {
    this.frequency = s.frequency;
    this.seq = s.seq;
    this.priority = s.priority;
    this.sizeMiB = s.sizeMiB;
    this.counter = s.counter;
  }

  admit(model: number, bytes: number, accesses: number): void {
    const s = this.s;
    const remembered = this.history.take(model);
    s.resident[model] = 1;
    s.frequency[model] = remembered + Math.max(1, accesses);
    s.sizeMiB[model] = Math.max(1, bytes) / MiB;
    s.seq[model] = ++s.counter[0]!;
    s.priority[model] = this.clock + (s.frequency[model]! * 1) / s.sizeMiB[model]!;
    this.push(model);
  }

  touch(model: number): void {
    // The hit path: the arrays held as this object's own fields, the counter in a typed array.
    const frequency = ++this.frequency[model]!;
    this.seq[model] = ++this.counter[0]!;
    this.priority[model] = this.clock + (frequency * 1) / this.sizeMiB[model]!;
  }

  evict(): number {
    const s = this.s;
    while (this.size > 0) {
      const model = this.heapModel[0]!;
      const seq = this.heapSeq[0]!;
      this.pop();
      if (!s.resident[model] || s.pushedSeq[model] !== seq) continue; // garbage
      if (s.seq[model] !== seq) {
        this.push(model); // used since it was pushed: its key rose
        continue;
      }
      s.resident[model] = 0;
      this.clock = Math.max(this.clock, s.priority[model]!);
      this.history.remember(model, s.frequency[model]! / 2);
      return model;
    }
    return -1;
  }

  private push(model: number): void {
    if (this.size === this.heapModel.length) this.grow();
    const priority = this.s.priority[model]!;
    const seq = this.s.seq[model]!;
    this.s.pushedSeq[model] = seq;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pp = this.heapPriority[parent]!;
      if (pp < priority || (pp === priority && this.heapSeq[parent]! < seq)) break;
      this.heapModel[i] = this.heapModel[parent]!;
      this.heapPriority[i] = pp;
      this.heapSeq[i] = this.heapSeq[parent]!;
      i = parent;
    }
    this.heapModel[i] = model;
    this.heapPriority[i] = priority;
    this.heapSeq[i] = seq;
  }

  private pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const model = this.heapModel[last]!;
    const priority = this.heapPriority[last]!;
    const seq = this.heapSeq[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last) {
        const cp = this.heapPriority[child]!;
        const rp = this.heapPriority[right]!;
        if (rp < cp || (rp === cp && this.heapSeq[right]! < this.heapSeq[child]!)) child = right;
      }
      const cp = this.heapPriority[child]!;
      if (priority < cp || (priority === cp && seq < this.heapSeq[child]!)) break;
      this.heapModel[i] = this.heapModel[child]!;
      this.heapPriority[i] = cp;
      this.heapSeq[i] = this.heapSeq[child]!;
      i = child;
    }
    this.heapModel[i] = model;
    this.heapPriority[i] = priority;
    this.heapSeq[i] = seq;
  }

  private grow(): void {
    const n = this.heapModel.length * 2;
    const m = new Int32Array(n);
    m.set(this.heapModel);
    const p = new Float64Array(n);
    p.set(this.heapPriority);
    const q = new Float64Array(n);
    q.set(this.heapSeq);
    this.heapModel = m;
    this.heapPriority = p;
    this.heapSeq = q;
  }
}
