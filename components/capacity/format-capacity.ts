import { formatMetric } from "@/lib/metrics/format-metric";
import type { CapacityPolicy } from "@/lib/capacity/capacity-types";
import type { CapacityConfigView } from "@/lib/schemas/capacity";

/** "$1,234" a month; cents only where they matter (under $100). */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return "—";
  return n.toLocaleString("en-US", { style: "currency", currency: "USD", maximumFractionDigits: n < 100 ? 2 : 0, minimumFractionDigits: 0 });
}

/** A loading wait in its own best unit: "0 ms", "850 ms", "12.3 s". */
export function formatWaitMs(ms: number): string {
  return ms === 0 ? "0 ms" : formatMetric(ms * 1000, "microseconds");
}

/** 0.923 -> "92.3 %". */
export function formatRatio(r: number | undefined): string {
  return formatMetric(r, "ratio");
}

export const POLICY_LABEL: Record<CapacityPolicy, string> = { lru: "LRU (SageMaker)", engine: "Engine (GDSF)" };

/** "ml.g5.xlarge × 2": how a configuration is named in sentences. */
export function configName(c: Pick<CapacityConfigView, "instanceType" | "count">): string {
  return `${c.instanceType} × ${c.count}`;
}
