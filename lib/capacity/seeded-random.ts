/**
 * A seeded PRNG (SplitMix32 seeding SFC32; bench/engine/prng.ts draws floats from it), so a trace
 * is the same on every machine and in every worker. Returns whole 32-bit words: the Poisson
 * placement packs them into sort keys without a float round trip.
 */
export function seededUint32(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = (b ^ (b >>> 9)) >>> 0;
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Close seeds diverge after a few outputs.
  for (let i = 0; i < 12; i++) u32();
  return u32;
}
