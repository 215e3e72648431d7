import type { EvictionPolicy } from "./eviction-policy";

type Resident = { priority: number; frequency: number; bytes: number; cost: number; seq: number };

export type GdsfOptions = {
  /** How many evicted models' frequencies are remembered (default 4096). */
  historySize?: number;
};

/**
 * Greedy-Dual-Size-Frequency (Cherkasova, 1998), with a frequency history.
 *
 * Each resident model has priority H = L + frequency × cost / size, and the lowest H is evicted.
 * L (the "clock") rises to the H of each victim, so models that stop being used age out
 * without any timer, while popular ones keep being pushed above the clock by their uses.
 *
 * Why it beats LRU on an MME: requests follow a skewed popularity (a few hot models, a long
 * tail). LRU lets one pass over the tail flush every hot model; GDSF keeps what is used often
 * and, per byte of memory, prefers to keep small models (more hits per GiB), which is what the
 * cache hit ratio (and so the number of cold loads) depends on. The history keeps a model's
 * frequency, halved, for a while after it is evicted: a model that comes back soon is not
 * treated as brand new, which plain GDSF forgets.
 */
export class GdsfPolicy implements EvictionPolicy {
  readonly name = "gdsf" as const;
  private clock = 0;
  private seq = 0;
  private readonly resident = new Map<string, Resident>();
  /** Frequencies of recently evicted models, oldest first. */
  private readonly history = new Map<string, number>();
  private readonly historySize: number;

  constructor(options: GdsfOptions = {}) {
    this.historySize = options.historySize ?? 4096;
  }

  admit(key: string, bytes: number, options: { accesses?: number; cost?: number } = {}): void {
    const remembered = this.history.get(key) ?? 0;
    this.history.delete(key);
    const frequency = remembered + Math.max(1, options.accesses ?? 1);
    const entry: Resident = { priority: 0, frequency, bytes: Math.max(1, bytes), cost: options.cost ?? 1, seq: ++this.seq };
    entry.priority = this.priorityOf(entry);
    this.resident.set(key, entry);
  }

  touch(key: string): void {
    const entry = this.resident.get(key);
    if (!entry) return;
    entry.frequency++;
    entry.seq = ++this.seq;
    entry.priority = this.priorityOf(entry);
  }

  remove(key: string, reason: "evicted" | "dropped"): void {
    const entry = this.resident.get(key);
    if (!entry) return;
    this.resident.delete(key);
    if (reason !== "evicted") return;
    this.clock = Math.max(this.clock, entry.priority);
    this.history.set(key, entry.frequency / 2);
    if (this.history.size > this.historySize) this.history.delete(this.history.keys().next().value!);
  }

  chooseVictim(canEvict: (key: string) => boolean): string | undefined {
    let victim: string | undefined;
    let best: Resident | undefined;
    for (const [key, entry] of this.resident) {
      if (!canEvict(key)) continue;
      // Ties (equal priority) go to the least recently used.
      if (!best || entry.priority < best.priority || (entry.priority === best.priority && entry.seq < best.seq)) {
        best = entry;
        victim = key;
      }
    }
    return victim;
  }

  private priorityOf(entry: Resident): number {
    // Per MiB keeps the numbers readable in a debugger; the order is the same.
    return this.clock + (entry.frequency * entry.cost) / (entry.bytes / (1024 * 1024));
  }
}
