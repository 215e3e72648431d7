import { describe, expect, it } from "vitest";
import { engineGdsfSimPolicies, engineLruSimPolicies, engineSimPolicies } from "@/server/capacity/engine-policy-sim";
import { GdsfPolicy } from "@/server/engine/cache/eviction/gdsf-policy";
import { createGdsfSimPolicies, gdsfSimPolicies } from "./gdsf-sim-policy";
import { createLruSimPolicies } from "./lru-sim-policy";
import type { SimPolicyFactory } from "./sim-policy";
import { simulateFleet } from "./simulate-fleet";
import { seededUint32 } from "./seeded-random";

const MiB = 1024 * 1024;

/** Random traces with skew, bursts inside loads, and sizes that vary (ties in GDSF included). */
function randomCase(seed: number) {
  const random = seededUint32(seed);
  const uniform = () => random() / 2 ** 32;
  const models = 20 + (random() % 200);
  const bytes = Float64Array.from({ length: models }, () => (1 + (random() % 8)) * MiB);
  const loadMs = Float64Array.from({ length: models }, () => 1 + (random() % 500));
  const n = 3000;
  const model = new Uint32Array(n);
  const atMs = new Float64Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += uniform() * 50;
    // Half the requests on the first tenth of the models (hot), the rest anywhere.
    model[i] = uniform() < 0.5 ? random() % Math.ceil(models / 10) : random() % models;
    atMs[i] = t;
  }
  const shape = { memoryBytes: (8 + (random() % 40)) * MiB, count: 1 + (random() % 4) };
  return { trace: { model, atMs, minutes: Math.ceil(t / 60_000) }, models: { bytes, loadMs }, shape };
}

function victims(create: SimPolicyFactory, ops: string[]): number[] {
  const [p] = create(16, 1);
  const out: number[] = [];
  for (const op of ops) {
    const [kind, id, bytes, accesses] = op.split(" ");
    if (kind === "admit") p!.admit(Number(id), Number(bytes) * MiB, Number(accesses ?? 1));
    else if (kind === "touch") p!.touch(Number(id));
    else out.push(p!.evict());
  }
  return out;
}

describe("the fast policies are the engine's, on random traces", () => {
  for (const [name, fast, engine] of [
    ["LRU", createLruSimPolicies, engineLruSimPolicies],
    ["GDSF", createGdsfSimPolicies, engineGdsfSimPolicies],
    // A history of 8 overflows all the time: the oldest-first forgetting is compared too.
    ["GDSF with a history of 8", gdsfSimPolicies(8), engineSimPolicies(() => new GdsfPolicy({ historySize: 8 }))],
  ] as const) {
    it(`${name}: 200 random fleets replay identically`, () => {
      let evictions = 0;
      for (let seed = 1; seed <= 200; seed++) {
        const c = randomCase(seed);
        const a = simulateFleet(c.trace, c.models, c.shape, fast);
        const b = simulateFleet(c.trace, c.models, c.shape, engine);
        expect(a, `seed ${seed}`).toEqual(b);
        evictions += a.evictions;
      }
      // The traces must exercise eviction, or the comparison proves little.
      expect(evictions).toBeGreaterThan(10_000);
    });
  }

  it("GDSF: the same victims, ties and history included", () => {
    const ops = ["admit 1 2", "admit 2 1", "admit 3 1 3", "touch 1", "evict", "admit 2 1", "evict", "evict", "admit 4 4", "touch 4", "admit 5 1", "evict", "evict", "evict"];
    expect(victims(createGdsfSimPolicies, ops)).toEqual(victims(engineGdsfSimPolicies, ops));
  });
});
