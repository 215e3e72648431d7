import { describe, expect, it } from "vitest";
import { seededRng, shuffledIndices } from "./prng";
import { zipfCdf, zipfSampler, zipfTrace } from "./zipf";

describe("seededRng", () => {
  it("repeats for a seed and differs between seeds", () => {
    const a = seededRng(42);
    const b = seededRng(42);
    const c = seededRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it("shuffles into a permutation", () => {
    const p = shuffledIndices(1000, seededRng(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe("Zipf", () => {
  it("has the cumulative distribution of 1/k", () => {
    const cdf = zipfCdf(4, 1);
    const h = 1 + 1 / 2 + 1 / 3 + 1 / 4;
    expect(cdf[0]).toBeCloseTo(1 / h, 12);
    expect(cdf[1]).toBeCloseTo(1.5 / h, 12);
    expect(cdf[3]).toBe(1);
  });

  it("draws ranks with frequencies close to 1/(k H_n)", () => {
    const n = 10;
    const h = Array.from({ length: n }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b);
    const sample = zipfSampler(n, 1, seededRng(5));
    const counts = new Array<number>(n).fill(0);
    const draws = 200_000;
    for (let i = 0; i < draws; i++) counts[sample()]!++;
    for (let k = 0; k < n; k++) expect(Math.abs(counts[k]! / draws - 1 / ((k + 1) * h))).toBeLessThan(0.005);
  });

  it("makes the same trace for the same seed, within range, with popular models spread over ids", () => {
    const a = zipfTrace({ items: 10_000, requests: 100_000, s: 1, seed: 1 });
    const b = zipfTrace({ items: 10_000, requests: 100_000, s: 1, seed: 1 });
    expect(a.length).toBe(100_000);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Math.max(...a)).toBeLessThan(10_000);
    const counts = new Map<number, number>();
    for (const id of a) counts.set(id, (counts.get(id) ?? 0) + 1);
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]!;
    // The most popular model gets about 1/H(10000) ≈ 10.2% of requests, and is not simply id 0.
    expect(top[1] / 100_000).toBeGreaterThan(0.09);
    expect(top[1] / 100_000).toBeLessThan(0.115);
    expect(zipfTrace({ items: 10_000, requests: 1000, s: 1, seed: 2 })).not.toEqual(a.subarray(0, 1000));
  });
});
