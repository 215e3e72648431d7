import { describe, expect, it } from "vitest";
import type { EvictionPolicy } from "./eviction-policy";
import { GdsfPolicy } from "./gdsf-policy";
import { LruPolicy } from "./lru-policy";

/** Replays a trace through a policy with a byte capacity, as an instance would; returns hits. */
function replay(policy: EvictionPolicy, trace: string[], sizeOf: (k: string) => number, capacity: number): number {
  const resident = new Map<string, number>();
  let used = 0;
  let hits = 0;
  for (const key of trace) {
    if (resident.has(key)) {
      hits++;
      policy.touch(key);
      continue;
    }
    const size = sizeOf(key);
    while (used + size > capacity) {
      const victim = policy.chooseVictim((k) => resident.has(k))!;
      used -= resident.get(victim)!;
      resident.delete(victim);
      policy.remove(victim, "evicted");
    }
    resident.set(key, size);
    used += size;
    policy.admit(key, size);
  }
  return hits;
}

function seeded(seed: number) {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

describe("GdsfPolicy", () => {
  it("evicts the lowest frequency per byte first", () => {
    const p = new GdsfPolicy();
    p.admit("small-hot", 100);
    p.admit("big-cold", 1000);
    p.touch("small-hot");
    expect(p.chooseVictim(() => true)).toBe("big-cold");
    expect(p.chooseVictim((k) => k !== "big-cold")).toBe("small-hot");
  });

  it("ages out models that stop being used: the clock rises with each eviction", () => {
    const p = new GdsfPolicy();
    p.admit("once-popular", 100, { accesses: 5 });
    for (let i = 0; i < 20; i++) {
      p.admit(`new-${i}`, 100);
      p.touch(`new-${i}`);
      const victim = p.chooseVictim((k) => k !== `new-${i}`)!;
      p.remove(victim, "evicted");
      if (victim === "once-popular") return;
    }
    throw new Error("a model nobody uses any more was never evicted");
  });

  it("remembers half the frequency of a model evicted recently", () => {
    const p = new GdsfPolicy();
    p.admit("a", 100, { accesses: 8 });
    p.remove("a", "evicted");
    p.admit("a", 100);
    p.admit("b", 100, { accesses: 4 });
    expect(p.chooseVictim(() => true)).toBe("b");
  });

  it("gets more hits than LRU on skewed traffic with scans over the tail", () => {
    const random = seeded(42);
    const models = Array.from({ length: 60 }, (_, i) => `m${i}`);
    const sizeOf = (k: string) => (Number(k.slice(1)) % 3 === 0 ? 3 : 1) * 1024 * 1024;
    const weights = models.map((_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const trace: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Every 2,000 requests a batch job touches 30 tail models once each.
      if (i % 2000 === 1999) for (let j = 30; j < 60; j++) trace.push(models[j]!);
      let r = random() * total;
      trace.push(models[weights.findIndex((w) => (r -= w) < 0)]!);
    }
    const capacity = 16 * 1024 * 1024;
    const gdsf = replay(new GdsfPolicy(), trace, sizeOf, capacity);
    const lru = replay(new LruPolicy(), trace, sizeOf, capacity);
    expect(gdsf).toBeGreaterThan(lru);
  });
});
