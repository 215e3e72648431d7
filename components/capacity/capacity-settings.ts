import { CAPACITY_RANGES, type CapacityRange } from "@/lib/schemas/capacity";

/** What the user asks the planner: the window to replay, the target to meet, and how many instances to try. */
export type CapacitySettings = {
  range: CapacityRange;
  /** 0..1 */
  targetHitRatio?: number;
  targetP99Ms?: number;
  maxInstances: number;
};

/** What the user sets on the page; the range comes from the URL. */
export type CapacityTargets = Omit<CapacitySettings, "range">;

/** A day: long enough to hold a daily peak, short enough to replay in seconds. The schema's defaults, and a 90 % hit ratio to meet. */
const DEFAULT_RANGE: CapacityRange = "1d";
export const DEFAULT_TARGETS: CapacityTargets = { targetHitRatio: 0.9, maxInstances: 4 };

/** The URL's `range` (shared with the other tabs) when it is one the planner replays; a 3 h or custom range is not. */
export function capacityRangeFrom(param: string | null): CapacityRange {
  return CAPACITY_RANGES.find((r) => r === param) ?? DEFAULT_RANGE;
}

/** The route's query string (lib/schemas/capacity.ts `capacityQuery`). */
export function capacitySearchParams(s: CapacitySettings): URLSearchParams {
  const q = new URLSearchParams({ range: s.range, max_instances: String(s.maxInstances) });
  if (s.targetHitRatio !== undefined) q.set("target_hit_ratio", String(s.targetHitRatio));
  if (s.targetP99Ms !== undefined) q.set("target_p99_ms", String(s.targetP99Ms));
  return q;
}
