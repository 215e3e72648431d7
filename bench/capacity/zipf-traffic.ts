import type { ModelTraffic } from "@/lib/capacity/capacity-types";
import { seededRng, shuffledIndices } from "../engine/prng";
import { zipfSampler } from "../engine/zipf";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export type ZipfTrafficOptions = {
  models: number;
  /** May be a fraction (1/24: an hour); rounded to whole minutes. */
  days: number;
  /** Mean requests per second over the whole range, all models together. */
  ratePerSecond: number;
  s: number;
  seed: number;
  /** Model sizes are 1..10 times this (default 10 MiB: 10..100 MiB). */
  sizeStepMiB?: number;
  /** The size classes' bytes, one drawn per model, instead of 1..10 × sizeStepMiB (the engine replay: padded packages' accounted bytes). */
  classBytes?: readonly number[];
  /** One 20 GiB model among them (default true); the engine replay has none. */
  oversized?: boolean;
};

/**
 * Per-minute invocation counts as the planner's input takes them (each model's minutes with calls
 * and how many, as CloudWatch gives them), over `minutes` minutes: a Poisson process of requests at a rate that follows the day (half again
 * at the peak, half at the trough), each request's model drawn from Zipf(s) over a seeded
 * permutation, so popularity is independent of size. Sizes: ten classes, 10..100 MiB by default
 * (ONNX / XGBoost / small vision models, what a 10,000-model MME holds), plus one
 * 20 GiB model (more than a 16 GiB GPU holds) to exercise the fit rule. Load time estimated at
 * 0.5 s + 2 s per GiB.
 */
export function zipfTraffic(opts: ZipfTrafficOptions): { models: ModelTraffic[]; minutes: number } {
  const minutes = Math.round(opts.days * 1440);
  const rng = seededRng(opts.seed);
  const sample = zipfSampler(opts.models, opts.s, rng);
  const modelOfRank = shuffledIndices(opts.models, seededRng(opts.seed ^ 0x5bd1e995));
  const sizeRng = seededRng(opts.seed ^ 0x2545f491);
  // Each model's minutes with calls and their counts, appended as the arrivals come (in time order).
  const minuteOf: number[][] = Array.from({ length: opts.models }, () => []);
  const countOf: number[][] = Array.from({ length: opts.models }, () => []);
  const meanPerMs = opts.ratePerSecond / 1000;
  let t = 0;
  const end = minutes * 60_000;
  for (;;) {
    // Thinning: arrivals at the peak rate, kept with probability rate(t) / peak.
    t += -Math.log(1 - rng.next()) / (1.5 * meanPerMs);
    if (t >= end) break;
    const daily = 1 + 0.5 * Math.sin((2 * Math.PI * t) / 86_400_000);
    if (rng.next() * 1.5 > daily) continue;
    const id = modelOfRank[sample()]!;
    const minute = Math.floor(t / 60_000);
    const last = minuteOf[id]!.length - 1;
    if (last >= 0 && minuteOf[id]![last] === minute) countOf[id]![last]!++;
    else {
      minuteOf[id]!.push(minute);
      countOf[id]!.push(1);
    }
  }
  const huge = opts.oversized === false ? -1 : modelOfRank[Math.floor(opts.models / 3)]!;
  const classes = opts.classBytes ?? Array.from({ length: 10 }, (_, k) => (k + 1) * (opts.sizeStepMiB ?? 10) * MiB);
  const models = minuteOf.map((minuteList, id): ModelTraffic => {
    const memoryBytes = id === huge ? 20 * GiB : classes[sizeRng.int(classes.length)]!;
    return {
      name: `model-${String(id).padStart(5, "0")}`,
      memoryBytes,
      memorySource: "estimated",
      loadMs: 500 + (2000 * memoryBytes) / GiB,
      loadSource: "estimated",
      calls: { minute: Uint32Array.from(minuteList), count: Float64Array.from(countOf[id]!) },
    };
  });
  return { models, minutes };
}
