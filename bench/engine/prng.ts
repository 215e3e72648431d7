import { seededUint32 } from "@/lib/capacity/seeded-random";

/**
 * A small seeded PRNG for traces, over lib/capacity's generator (SplitMix32 seeding SFC32), so the
 * benches and the capacity planner draw from one: same seed, same trace, on any machine.
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
};

export function seededRng(seed: number): Rng {
  const u32 = seededUint32(seed);
  const next = () => u32() / 4294967296;
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** A seeded Fisher–Yates permutation of 0..n-1. */
export function shuffledIndices(n: number, rng: Rng): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
