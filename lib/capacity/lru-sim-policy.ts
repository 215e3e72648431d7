import type { SimPolicy, SimPolicyFactory } from "./sim-policy";

/**
 * The engine's LruPolicy, on typed arrays: a doubly linked list per instance, least recent at
 * the head. A model is resident on at most one instance (routing sends its requests to the one
 * that holds it), so every instance's list threads through the same prev/next arrays.
 * Equivalent to LruPolicy (lru-policy.test.ts replays both on random traces).
 */
export const createLruSimPolicies: SimPolicyFactory = (models, instances) => {
  const prev = new Int32Array(models).fill(-1);
  const next = new Int32Array(models).fill(-1);
  return Array.from({ length: instances }, () => new LruList(prev, next));
};

class LruList implements SimPolicy {
  private head = -1;
  private tail = -1;

  constructor(
    private readonly prev: Int32Array,
    private readonly next: Int32Array,
  ) {}

  admit(model: number): void {
    this.append(model);
  }

  touch(model: number): void {
    if (model === this.tail) return;
    this.unlink(model);
    this.append(model);
  }

  evict(): number {
    const victim = this.head;
    if (victim >= 0) this.unlink(victim);
    return victim;
  }

  private append(model: number): void {
    this.prev[model] = this.tail;
    this.next[model] = -1;
    if (this.tail >= 0) this.next[this.tail] = model;
    else this.head = model;
    this.tail = model;
  }

  private unlink(model: number): void {
    const p = this.prev[model]!;
    const n = this.next[model]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }
}
