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
 * so a heap entry is a lower bound of its model's key, and an outdated one goes down again
 * from the top with the current key when it reaches it. sim-policies.test.ts replays both on
 * random traces and requires identical outcomes.
 */
export const createGdsfSimPolicies: SimPolicyFactory = gdsfSimPolicies(HISTORY_SIZE);

/** With another history size than the engine's default (tests make it overflow). */
export function gdsfSimPolicies(historySize: number): SimPolicyFactory {
  return (models, instances) => {
    const shared: SharedState = { key: new Float64Array(models * KEY), pushedSeq: new Float64Array(models), counter: new Float64Array(1) };
    // Each instance remembers its own evictions, as each engine instance has its own policy.
    return Array.from({ length: instances }, () => new GdsfHeap(shared, new EvictedHistory(models, historySize)));
  };
}

type SharedState = {
  /**
   * What a hit reads and writes, per model side by side in 32 bytes (one cache line, where six
   * fields in 48 bytes straddled two for half the models): at KEY × model + FREQUENCY,
   * SIZE_MIB, PRIORITY and SEQ (its last use).
   */
  key: Float64Array;
  /**
   * Per model, the seq of its one live heap entry, 0 while it is not resident (seqs start at 1):
   * older entries of it, and entries of an evicted model, are garbage.
   */
  pushedSeq: Float64Array;
  /**
   * Use order, one counter for the whole fleet: a seq then names one entry on one instance, so a
   * heap's garbage entry for a model that moved to another instance can never pass as live.
   * Only its order within an instance matters for ties, as in GdsfPolicy.
   */
  counter: Float64Array;
};

const KEY = 4;
const FREQUENCY = 0;
const SIZE_MIB = 1;
const PRIORITY = 2;
const SEQ = 3;

class GdsfHeap implements SimPolicy {
  private clock = 0;
  private size = 0;
  private heapModel = new Int32Array(64);
  private heapPriority = new Float64Array(64);
  private heapSeq = new Float64Array(64);
  private readonly key: Float64Array;
  private readonly pushedSeq: Float64Array;
  private readonly counter: Float64Array;

  constructor(
    shared: SharedState,
    private readonly history: EvictedHistory,
  ) {
    this.key = shared.key;
    this.pushedSeq = shared.pushedSeq;
    this.counter = shared.counter;
  }

  admit(model: number, bytes: number, accesses: number): void {
    const remembered = this.history.take(model);
    const key = this.key;
    const at = model * KEY;
    const frequency = remembered + Math.max(1, accesses);
    const sizeMiB = Math.max(1, bytes) / MiB;
    key[at + FREQUENCY] = frequency;
    key[at + SIZE_MIB] = sizeMiB;
    key[at + SEQ] = ++this.counter[0]!;
    key[at + PRIORITY] = this.clock + (frequency * 1) / sizeMiB;
    this.push(model);
  }

  touch(model: number): void {
    // The hit path: one model's key, the arrays held as this object's own fields, the counter in a typed array.
    const key = this.key;
    const at = model * KEY;
    const frequency = ++key[at + FREQUENCY]!;
    key[at + SEQ] = ++this.counter[0]!;
    key[at + PRIORITY] = this.clock + (frequency * 1) / key[at + SIZE_MIB]!;
  }

  evict(): number {
    const key = this.key;
    while (this.size > 0) {
      const model = this.heapModel[0]!;
      const seq = this.heapSeq[0]!;
      const at = model * KEY;
      if (this.pushedSeq[model] !== seq) {
        this.pop(); // garbage
        continue;
      }
      if (key[at + SEQ] !== seq) {
        // Used since it was pushed: its key rose, so it goes down from the top (a pop and a push in one).
        this.replaceTop(model);
        continue;
      }
      this.pop();
      this.pushedSeq[model] = 0;
      this.clock = Math.max(this.clock, key[at + PRIORITY]!);
      this.history.remember(model, key[at + FREQUENCY]! / 2);
      return model;
    }
    return -1;
  }

  private push(model: number): void {
    if (this.size === this.heapModel.length) this.grow();
    const priority = this.key[model * KEY + PRIORITY]!;
    const seq = this.key[model * KEY + SEQ]!;
    this.pushedSeq[model] = seq;
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

  /** Removes the top entry. */
  private pop(): void {
    const last = --this.size;
    if (last === 0) return;
    this.siftDown(this.heapModel[last]!, this.heapPriority[last]!, this.heapSeq[last]!);
  }

  /** Replaces the top entry with `model`'s current key, which is not lower than the one it had there. */
  private replaceTop(model: number): void {
    const seq = this.key[model * KEY + SEQ]!;
    this.pushedSeq[model] = seq;
    this.siftDown(model, this.key[model * KEY + PRIORITY]!, seq);
  }

  /** Puts the entry (model, priority, seq) at the root and moves it down to its place. */
  private siftDown(model: number, priority: number, seq: number): void {
    const last = this.size;
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
