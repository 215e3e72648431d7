import { describe, expect, it } from "vitest";
import { seededRng } from "./prng";
import { nextUses, simulateBelady } from "./simulate-belady";
import { simulateLru } from "./simulate-lru";
import { zipfTrace } from "./zipf";

const ids = (s: string) => [...s].map((c) => c.charCodeAt(0) - 65);
const unit = () => 1;

describe("simulateLru", () => {
  it("misses every request of a loop one larger than the cache", () => {
    const r = simulateLru({ trace: ids("ABCABC"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ requests: 6, hits: 0, misses: 6, evictions: 4 });
  });

  it("keeps the recently used model: A B A C A B with room for two", () => {
    // A miss, B miss, A hit, C miss (evicts B), A hit, B miss (evicts C)
    const r = simulateLru({ trace: ids("ABACAB"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ hits: 2, misses: 4, evictions: 2 });
  });

  it("evicts as many models as a large one needs, in bytes", () => {
    const sizes = [6, 5, 4]; // A, B, C
    // A (6) miss; B (5) miss, evicts A; A miss, evicts B; C (4) miss, fits beside A; C hit; A hit
    const r = simulateLru({ trace: ids("ABACCA"), sizeOf: (id) => sizes[id]!, capacityBytes: 10 });
    expect(r).toMatchObject({ hits: 2, misses: 4, evictions: 2, peakBytes: 10 });
  });

  it("serves a model larger than the capacity without keeping it", () => {
    const sizes = [3, 11];
    const r = simulateLru({ trace: ids("ABAB"), sizeOf: (id) => sizes[id]!, capacityBytes: 10 });
    expect(r).toMatchObject({ hits: 1, misses: 3, evictions: 0 });
  });
});

describe("simulateBelady", () => {
  it("computes next uses", () => {
    expect(Array.from(nextUses(ids("ABAB")))).toEqual([2, 3, Infinity, Infinity]);
  });

  it("bypasses the model used farthest away: A B C A B C with room for two", () => {
    // A, B miss and stay; C miss, its next use (5) is the farthest: bypassed; A hit; B hit; C miss
    const r = simulateBelady({ trace: ids("ABCABC"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ hits: 2, misses: 4, evictions: 0 });
  });

  it("A B A C A B with room for two: C is never used again, so B stays", () => {
    const r = simulateBelady({ trace: ids("ABACAB"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ hits: 3, misses: 3 });
  });

  it("evicts the farthest model, not the oldest: A B C A C B with room for two", () => {
    // A (next 3), B (next 5) miss; C (next 4) miss: B is used farthest away and goes, not A;
    // A hit; C hit; B miss (never used again: bypassed). LRU would have evicted A instead.
    const r = simulateBelady({ trace: ids("ABCACB"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ hits: 2, misses: 4, evictions: 1 });
    expect(simulateLru({ trace: ids("ABCACB"), sizeOf: unit, capacityBytes: 2 }).hits).toBe(1);
  });

  it("never keeps a model that is not used again", () => {
    const r = simulateBelady({ trace: ids("ABCCB"), sizeOf: unit, capacityBytes: 2 });
    expect(r).toMatchObject({ hits: 2, misses: 3, evictions: 0 });
  });

  it("with sizes: evicts several far models to fit a large near one", () => {
    const sizes = [4, 4, 8]; // A, B, C; room for 8
    // A, B miss (8 used); C miss: next use of C (3) is nearer than A's (4) and B's (5): both go
    const r = simulateBelady({ trace: ids("ABCCAB"), sizeOf: (id) => sizes[id]!, capacityBytes: 8 });
    expect(r).toMatchObject({ hits: 1, evictions: 2 });
  });

  it("with sizes: keeps the cache when the new model is used after the ones it would evict", () => {
    const sizes = [4, 4, 8];
    // A, B miss; C miss, next use 5, later than A (3) and B (4): bypassed; A hit; B hit; C miss
    const r = simulateBelady({ trace: ids("ABCABC"), sizeOf: (id) => sizes[id]!, capacityBytes: 8 });
    expect(r).toMatchObject({ hits: 2, misses: 4, evictions: 0 });
  });

  it("equals the exhaustive optimum on small random traces (equal sizes)", () => {
    const rng = seededRng(7);
    for (let t = 0; t < 150; t++) {
      const items = 2 + rng.int(4);
      const capacity = 1 + rng.int(3);
      const trace = Array.from({ length: 4 + rng.int(9) }, () => rng.int(items));
      const belady = simulateBelady({ trace, sizeOf: unit, capacityBytes: capacity });
      expect(belady.hits, `trace ${trace.join(",")} capacity ${capacity}`).toBe(optimalHits(trace, capacity));
    }
  });

  it("is never below LRU on random and Zipf traces with equal sizes", () => {
    const rng = seededRng(11);
    for (let t = 0; t < 30; t++) {
      const trace = Array.from({ length: 2000 }, () => rng.int(50 + rng.int(100)));
      const capacityBytes = 1 + rng.int(60);
      const input = { trace, sizeOf: unit, capacityBytes };
      expect(simulateBelady(input).hits).toBeGreaterThanOrEqual(simulateLru(input).hits);
    }
    const zipf = zipfTrace({ items: 2000, requests: 20_000, s: 1, seed: 3 });
    const input = { trace: zipf, sizeOf: unit, capacityBytes: 200 };
    expect(simulateBelady(input).hitRatio).toBeGreaterThan(simulateLru(input).hitRatio);
  });

  it("stays above LRU on seeded Zipf traces whose sizes vary tenfold", () => {
    for (const seed of [1, 2, 3]) {
      const rng = seededRng(seed);
      const sizes = Array.from({ length: 2000 }, () => 1 + rng.int(10));
      const trace = zipfTrace({ items: 2000, requests: 20_000, s: 1, seed });
      const input = { trace, sizeOf: (id: number) => sizes[id]!, capacityBytes: 1100 };
      expect(simulateBelady(input).hitRatio).toBeGreaterThan(simulateLru(input).hitRatio);
    }
  });
});

/** The best hit count any policy (with bypass) gets, by trying every choice: tiny traces only. */
function optimalHits(trace: number[], capacity: number): number {
  const memo = new Map<string, number>();
  const go = (i: number, cache: number[]): number => {
    if (i === trace.length) return 0;
    const key = `${i}|${cache.join(",")}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const id = trace[i]!;
    let best: number;
    if (cache.includes(id)) best = 1 + go(i + 1, cache);
    else {
      best = go(i + 1, cache); // bypass
      if (cache.length < capacity) best = Math.max(best, go(i + 1, [...cache, id].sort()));
      else for (const victim of cache) best = Math.max(best, go(i + 1, [...cache.filter((c) => c !== victim), id].sort()));
    }
    memo.set(key, best);
    return best;
  };
  return go(0, []);
}

describe("simulatePolicy", () => {
  it("driving the engine's LRU policy reproduces simulateLru", async () => {
    const { simulatePolicy } = await import("./simulate-policy");
    const { createEvictionPolicy } = await import("@/server/engine/cache/eviction/create-eviction-policy");
    const rng = seededRng(5);
    const sizes = Array.from({ length: 500 }, () => 1 + rng.int(10));
    const trace = zipfTrace({ items: 500, requests: 5000, s: 1, seed: 9 });
    const input = { trace, sizeOf: (id: number) => sizes[id]!, capacityBytes: 300 };
    expect(simulatePolicy(createEvictionPolicy("lru"), input)).toEqual(simulateLru(input));
  });
});
