import "server-only";

/**
 * A bounded Map: past `max` entries it forgets the least recently used one, and with `ttlMs` an
 * entry older than that reads as absent. Process-local; each console process warms its own.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; storedAt: number }>();

  constructor(private readonly opts: { max: number; ttlMs?: number }) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (this.opts.ttlMs !== undefined && Date.now() - entry.storedAt >= this.opts.ttlMs) return undefined;
    // A Map iterates in insertion order: re-inserting makes this the most recently used.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: Date.now() });
    if (this.entries.size > this.opts.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
