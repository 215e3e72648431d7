import type { ModelTraffic } from "@/lib/capacity/capacity-types";
import { buildMinuteTraffic } from "@/lib/capacity/minute-traffic";
import { placeRequests } from "@/lib/capacity/poisson-placement";
import { accountedBytes, paddedPackage, paddingFor } from "@/bench/engine/padded-packages";
import { zipfTraffic } from "@/bench/capacity/zipf-traffic";

export type SizeClasses = {
  /** Accounted bytes of class k (the engine's cache counts exactly this for its package). */
  bytes: number[];
  packages: Uint8Array[];
};

/** onnx-add padded to 1×..`count`× the plain package's accounted bytes (bench/engine/padded-packages.ts). */
export function paddedSizeClasses(count = 10): SizeClasses {
  const multiples = Array.from({ length: count }, (_, k) => k + 1);
  return { bytes: multiples.map((m) => accountedBytes(paddingFor(m))), packages: multiples.map((m) => paddedPackage(paddingFor(m))) };
}

export type RecordedZipfTrace = {
  /** The planner's input: per-minute counts, and sizes that are the packages' accounted bytes. */
  models: ModelTraffic[];
  /** The models' classes (index into the size classes). */
  classOf: Uint8Array;
  /** Model ids in the order the Poisson placement put the requests: the order both the engine and the simulator see. */
  requests: Uint32Array;
};

/**
 * A Zipf(s) trace as the planner takes it — per-minute counts per model (bench/capacity's
 * zipfTraffic, minutes instead of days) — then placed into one ordered list of requests by the
 * planner's own Poisson placement. That list is the recorded trace: the engine is sent its
 * requests in its order, and the simulator replays the same list.
 */
export function recordedZipfTrace(opts: { models: number; minutes: number; ratePerSecond: number; s: number; seed: number; classBytes: readonly number[] }): RecordedZipfTrace {
  const { models, minutes } = zipfTraffic({ models: opts.models, days: opts.minutes / 1440, ratePerSecond: opts.ratePerSecond, s: opts.s, seed: opts.seed, classBytes: opts.classBytes, oversized: false });
  const classOf = Uint8Array.from(models, (m) => opts.classBytes.indexOf(m.memoryBytes));
  const trace = placeRequests(buildMinuteTraffic(models, minutes), opts.seed);
  return { models, classOf, requests: trace.model };
}
