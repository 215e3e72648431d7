import "server-only";
import type { CapacityRange } from "@/lib/schemas/capacity";
import { RANGE_PRESETS } from "@/lib/metrics/time-range";

/** The replay's window, one cell a minute: from a whole minute (as CloudWatch aligns a 60 s period) to now, the minute under way included. */
export type CapacityWindow = { start: number; end: number; minutes: number };

export function capacityWindow(range: CapacityRange, now = Date.now()): CapacityWindow {
  const start = Math.floor((now - RANGE_PRESETS[range]) / 60_000) * 60_000;
  return { start, end: now, minutes: Math.ceil((now - start) / 60_000) };
}
