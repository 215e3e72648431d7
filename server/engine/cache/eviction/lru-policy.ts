import type { EvictionPolicy } from "./eviction-policy";

/** Least recently used: the baseline GDSF is measured against. */
export class LruPolicy implements EvictionPolicy {
  readonly name = "lru" as const;
  // A Map iterates in insertion order; re-inserting on use keeps the least recent first.
  private readonly order = new Map<string, true>();

  admit(key: string): void {
    this.order.delete(key);
    this.order.set(key, true);
  }

  touch(key: string): void {
    if (!this.order.delete(key)) return;
    this.order.set(key, true);
  }

  remove(key: string): void {
    this.order.delete(key);
  }

  chooseVictim(canEvict: (key: string) => boolean): string | undefined {
    for (const key of this.order.keys()) if (canEvict(key)) return key;
    return undefined;
  }
}
