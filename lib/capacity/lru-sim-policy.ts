import type { SimPolicy, SimPolicyFactory } from "./sim-policy";

/**
 * The engine's LruPolicy, on typed arrays: a doubly linked list per instance, least recent at
 * the head. A model is resident on at most one instance (routing sends its requests to the one
 * that holds it), so every instance's list threads through the same links: model m's previous at
 * 2m and next at 2m + 1 (side by side, one cache line per model touched).
 * Equivalent to LruPolicy (sim-policies.test.ts replays both on random traces).
 */
export const createLruSimPolicies: SimPolicyFactory = (models, instances) => {
  const links = new Int32Array(2 * models).fill(-1);
  return Array.from({ length: instances }, () => new LruList(links));
};

class LruList implements SimPolicy {
  private head = -1;
  private tail = -1;

  constructor(private readonly links: Int32Array) {}

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
    const links = this.links;
    const tail = this.tail;
    links[2 * model] = tail;
    links[2 * model + 1] = -1;
    if (tail >= 0) links[2 * tail + 1] = model;
    else this.head = model;
    this.tail = model;
  }

  private unlink(model: number): void {
    const links = this.links;
    const p = links[2 * model]!;
    const n = links[2 * model + 1]!;
    if (p >= 0) links[2 * p + 1] = n;
    else this.head = n;
    if (n >= 0) links[2 * n] = p;
    else this.tail = p;
  }
}
