import { z } from "zod";
import type { CapacityPolicy, LoadSource, MemorySource } from "@/lib/capacity/capacity-types";

/**
 * GET /api/endpoints/<name>/capacity: which instance type and how many the endpoint's own traffic
 * needs, and what MME saves against one endpoint per model. Shared by the route (which parses the
 * query), the Capacity tab and `mme capacity` (which read the answer), and pipelines.
 */

/** The windows the planner replays: the endpoint's per-model invocations per minute over it. */
export const CAPACITY_RANGES = ["1h", "1d", "1w"] as const;
export type CapacityRange = (typeof CAPACITY_RANGES)[number];

export const capacityQuery = z.object({
  range: z.enum(CAPACITY_RANGES, "range must be 1h, 1d or 1w").default("1d"),
  /** The hit ratio the cheapest configuration must reach (0..1). */
  target_hit_ratio: z.coerce.number("target_hit_ratio must be a number from 0 to 1").min(0, "target_hit_ratio must be from 0 to 1").max(1, "target_hit_ratio must be from 0 to 1").optional(),
  /** The loading wait p99 (ms) it must stay under. */
  target_p99_ms: z.coerce.number("target_p99_ms must be a number of milliseconds").min(0, "target_p99_ms must not be negative").max(3_600_000, "target_p99_ms must be at most an hour").optional(),
  /** Counts 1..max_instances of each instance type are tried. */
  max_instances: z.coerce.number("max_instances must be a whole number from 1 to 10").int("max_instances must be a whole number from 1 to 10").min(1, "max_instances must be from 1 to 10").max(10, "max_instances must be from 1 to 10").default(4),
});
export type CapacityQuery = z.infer<typeof capacityQuery>;

/** One model's inputs to the replay, and where each came from. */
export type CapacityModelView = {
  /** The target model MME caches, `<model>/v<N>.tar.gz`: what the replay loads and evicts. */
  name: string;
  /** The registry model and version it is. */
  model: string;
  version?: number;
  invocations: number;
  peakPerMinute: number;
  memoryBytes: number;
  /** measured: the engine's residency (bytes it accounted); estimated: from the package size. */
  memorySource: MemorySource;
  loadMs: number;
  /** measured: per-model ModelLoadingTime; verification: the version's verification load time; estimated: from its size. */
  loadSource: LoadSource;
};

/** One candidate configuration's replay, priced. */
export type CapacityConfigView = {
  instanceType: string;
  /** What one instance offers models: GPU memory on a GPU type. */
  memoryBytes: number;
  count: number;
  policy: CapacityPolicy;
  hitRatio: number;
  coldLoadsPerHour: number;
  loadingWaitP50Ms: number;
  loadingWaitP99Ms: number;
  peakMemoryBytes: number;
  /** Models larger than one instance: they never load on this type. */
  modelsThatDoNotFit: string[];
  monthlyUsd: number;
  meetsTarget: boolean;
  /** The endpoint's own type and count (and SageMaker's policy, LRU). */
  current: boolean;
};

/**
 * One line on whether the endpoint thrashes, from ModelCacheHit (average), ModelUnloadingTime
 * (sample count: unloads) and LoadedModelCount against the distinct models called in the range.
 */
export type CapacityHealthView = {
  verdict: "healthy" | "thrashing" | "tight" | "no-traffic";
  sentence: string;
  advice: string[];
  cacheHitRatio?: number;
  unloads?: number;
  loadedModelCount?: number;
  distinctModelsCalled: number;
};

export type CapacityView = {
  endpoint: string;
  range: CapacityRange;
  start: string;
  end: string;
  region: string;
  current?: { instanceType: string; count: number };
  target: { hitRatio?: number; loadingWaitP99Ms?: number };
  models: CapacityModelView[];
  configs: CapacityConfigView[];
  /** Index into configs of the cheapest one meeting the target (undefined: none does). */
  cheapest?: number;
  /** One real-time endpoint per model with traffic, on the smallest priced type that holds it. */
  dedicated: { monthlyUsd: number; endpoints: number; unplaceable: string[] };
  prices: { retrieved?: string; note?: string; overriddenBy?: string; currency: "USD" };
  health: CapacityHealthView;
  simulateMs: number;
  seed: number;
};

/** With `Accept: application/x-ndjson` the route streams progress lines, then the answer; an error line carries the status a plain JSON answer would have had (the stream itself began with 200). */
export type CapacityStreamLine = { progress: { done: number; total: number } } | { result: CapacityView } | { error: { code: string; message: string; status: number } };
