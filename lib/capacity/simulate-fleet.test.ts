import { describe, expect, it } from "vitest";
import type { CandidateConfig } from "./capacity-types";
import type { RequestTrace } from "./poisson-placement";
import { configResult, modelTable, simulateConfig } from "./simulate-config";

const MiB = 1024 * 1024;

/** A hand-written trace: [model, atMs] pairs in arrival order. */
function trace(requests: [number, number][], minutes = 1): RequestTrace {
  return { model: Uint32Array.from(requests, (r) => r[0]), atMs: Float64Array.from(requests, (r) => r[1]), minutes };
}

const models = (sizesMiB: number[], loadMs = 100) => sizesMiB.map((s, i) => ({ name: `m${i}`, memoryBytes: s * MiB, loadMs }));
const config = (policy: CandidateConfig["policy"], memoryMiB: number, count = 1): CandidateConfig => ({ instanceType: "ml.g5.xlarge", memoryBytes: memoryMiB * MiB, count, policy });

describe("simulateConfig, one instance", () => {
  // Three models of 1 MiB, room for two, loads of 100 ms, requests 1 s apart (loads done by the next).
  // t=0 A miss (load A)           cache [A]
  // t=1 B miss (load B)           cache [A, B]
  // t=2 A hit                     LRU order B, A
  // t=3 C miss: LRU evicts B      cache [A, C]
  // t=4 B miss: LRU evicts A      cache [C, B]
  // t=5 A miss: LRU evicts C      cache [B, A]
  // => 1 hit, 5 misses, 5 cold loads, 3 evictions.
  const t = trace([0, 1, 0, 2, 1, 0].map((m, i) => [m, i * 1000]));
  const m = models([1, 1, 1]);

  it("LRU: evicts the least recently used", () => {
    const out = simulateConfig(t, modelTable(m), config("lru", 2));
    expect(out).toMatchObject({ requests: 6, hits: 1, misses: 5, coldLoads: 5, evictions: 3, failedRequests: 0, peakMemoryBytes: 2 * MiB });
  });

  it("engine (GDSF): keeps the model used more often", () => {
    // Same trace. Sizes equal (1 MiB), so priority = clock + frequency.
    // t=0 A: admitted with f=1, H=1          t=1 B: f=1, H=1
    // t=2 A hit: f=2, H=2
    // t=3 C miss: victim is the lowest H: B (1) -> clock 1, history B=0.5; C admitted H=1+1=2
    // t=4 B miss: A (H=2, used at t=2) and C (H=2, admitted t=3) tie: the least recent, A,
    //     goes -> clock 2, history A=1; B admitted with f=0.5+1=1.5, H=3.5
    // t=5 A miss: C (H=2) goes -> clock 2; A admitted with f=1+1=2, H=4
    // => the same 1 hit and 5 misses here, but the victims differ: B, A, C.
    const out = simulateConfig(t, modelTable(m), config("engine", 2));
    expect(out).toMatchObject({ requests: 6, hits: 1, misses: 5, coldLoads: 5, evictions: 3 });
  });

  it("engine (GDSF) beats LRU where a scan passes over a hot model", () => {
    // A is hot; B, C, D each come once. Room for two.
    // A A A B C A: LRU: A miss, A hit, A hit, B miss [A,B], C miss evicts A -> [B,C], A miss: 2 hits.
    // GDSF: A f=3 (H=3); B H=1; C miss evicts B (H=1 < 3), clock 1; C H=2; A hit: 3 hits.
    const scan = trace([0, 0, 0, 1, 2, 0].map((mm, i) => [mm, i * 1000]));
    const lru = simulateConfig(scan, modelTable(m), config("lru", 2));
    const gdsf = simulateConfig(scan, modelTable(m), config("engine", 2));
    expect(lru.hits).toBe(2);
    expect(gdsf.hits).toBe(3);
  });

  it("requests during a load join it: misses, one cold load, waiting what is left", () => {
    // A at 0 (load 100 ms, ready at 100), A at 40 joins (waits 60), A at 100 is a hit (waits 0).
    const out = simulateConfig(trace([[0, 0], [0, 40], [0, 100]]), modelTable(models([1])), config("lru", 4));
    expect(out).toMatchObject({ hits: 1, misses: 2, coldLoads: 1 });
    // Waits sorted: 0 (hit), 60, 100. Nearest rank: p50 is the 2nd = 60, p99 the 3rd = 100.
    expect(out.loadingWaitP50Ms).toBe(60);
    expect(out.loadingWaitP99Ms).toBe(100);
  });

  it("a load waits for memory that loads under way hold", () => {
    // Room for one model. A loads 0..100; B at 10 finds A still loading (not evictable), waits
    // until 100, evicts A, loads 100..200: B waits 190 ms.
    const out = simulateConfig(trace([[0, 0], [1, 10]]), modelTable(models([1, 1])), config("lru", 1));
    expect(out).toMatchObject({ coldLoads: 2, evictions: 1, peakMemoryBytes: MiB });
    expect(out.loadingWaitP99Ms).toBe(190);
  });
});

describe("simulateConfig, several instances", () => {
  it("routes to the instance that holds the model, else the least busy, then the most free memory", () => {
    // Two instances of 3 MiB; A is 2 MiB, B and C 1 MiB; loads take 100 ms.
    // t=0    A: both idle and empty -> instance 0 (the first). i0 holds 2 MiB, 1 request waiting.
    // t=10   B: i0 has 1 waiting, i1 none -> i1.
    // t=1000 C: nobody waiting; i0 has 1 MiB free, i1 2 MiB -> i1 (most free). i1 = B, C.
    // t=2000 A: held by i0 -> hit.  t=2001 C: held by i1 -> hit.
    const t = trace([[0, 0], [1, 10], [2, 1000], [0, 2000], [2, 2001]]);
    const out = simulateConfig(t, modelTable(models([2, 1, 1])), config("lru", 3, 2));
    expect(out).toMatchObject({ hits: 2, coldLoads: 3, evictions: 0, peakMemoryBytes: 2 * MiB, peakFleetMemoryBytes: 4 * MiB });
  });
});

describe("the fit rule", () => {
  it("a model larger than one instance's memory is never loaded: its requests fail and it is named", () => {
    const m = models([1, 5]);
    const out = simulateConfig(trace([[1, 0], [0, 1], [1, 2]]), modelTable(m), config("lru", 4, 3));
    expect(out).toMatchObject({ requests: 3, failedRequests: 2, hits: 0, coldLoads: 1 });
    const result = configResult(config("lru", 4, 3), out, m, 1);
    expect(result.modelsThatDoNotFit).toEqual(["m1"]);
    // Failed requests count as not hits.
    expect(result.hitRatio).toBe(0);
    // A model exactly the size of the memory fits.
    expect(configResult(config("lru", 5), out, m, 1).modelsThatDoNotFit).toEqual([]);
  });

  it("cold loads per hour are over the range's minutes", () => {
    const out = simulateConfig(trace([[0, 0], [1, 1]], 120), modelTable(models([1, 1])), config("lru", 4));
    expect(configResult(config("lru", 4), out, models([1, 1]), 120).coldLoadsPerHour).toBe(1);
  });
});

describe("loading wait percentiles", () => {
  it("select the nearest rank over hits (zeros), the loads waited at arrival (per model) and the other waits, as a sort of them all would", async () => {
    const { loadingWaitPercentiles } = await import("./loading-wait-percentiles");
    const { seededUint32 } = await import("./seeded-random");
    const random = seededUint32(3);
    for (let round = 0; round < 50; round++) {
      // Some rounds without other waits, some without loads at arrival, some with neither; ties between the two kinds.
      const others = Float64Array.from({ length: round % 5 === 0 ? 0 : random() % 2000 }, () => random() % 300);
      const models = 1 + (random() % 40);
      const loadMs = Float64Array.from({ length: models }, () => random() % 300);
      const loadsAtArrival = Uint32Array.from({ length: models }, () => (round % 7 === 0 ? 0 : random() % 4 === 0 ? random() % 50 : 0));
      const hits = round % 11 === 0 ? 0 : random() % 3000;
      const atArrival = [...loadsAtArrival].flatMap((c, m) => new Array<number>(c).fill(loadMs[m]!));
      const all = Float64Array.from([...new Array<number>(hits).fill(0), ...atArrival, ...others]).sort();
      const rank = (p: number) => (all.length === 0 ? 0 : all[Math.min(all.length, Math.max(1, Math.ceil((p / 100) * all.length))) - 1]);
      expect(loadingWaitPercentiles(hits, { loadMs, loadsAtArrival, others: others.slice() }), `round ${round}`).toEqual({ p50: rank(50), p99: rank(99) });
    }
  });
});
