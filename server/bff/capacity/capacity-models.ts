import "server-only";
import type { ModelTraffic } from "@/lib/capacity/capacity-types";
import { estimateLoadMs, estimateMemoryBytes } from "@/lib/capacity/model-estimates";
import type { CapacityModelView } from "@/lib/schemas/capacity";
import type { RegisteredTargetModel } from "./registry-target-models";
import type { TargetModelTraffic } from "./target-model-traffic";

/** A package whose size the registry does not know (uploaded before sizes were kept) is taken as 100 MiB. */
const UNKNOWN_PACKAGE_BYTES = 100 * 1024 ** 2;

export type PlannedModel = ModelTraffic & { view: CapacityModelView };

/**
 * Each called target model's inputs to the replay, each figure from the best source there is:
 * memory measured by the engine (its residency), else estimated from the package; load time
 * measured (per-model ModelLoadingTime, plus ModelDownloadingTime), else the version's
 * verification (its first call's round trip, when that call loaded it), else estimated from memory.
 */
export function plannedModels(traffic: readonly TargetModelTraffic[], registry: readonly RegisteredTargetModel[], memory: ReadonlyMap<string, number>): PlannedModel[] {
  const byTarget = new Map(registry.map((r) => [r.targetModel, r]));
  return traffic.map((t) => {
    const reg = byTarget.get(t.targetModel);
    const measuredBytes = memory.get(t.targetModel);
    const memoryBytes = measuredBytes ?? estimateMemoryBytes(reg?.packageBytes ?? UNKNOWN_PACKAGE_BYTES);
    const memorySource = measuredBytes !== undefined ? "measured" : "estimated";
    const verified = reg?.verification?.status === "verified" && reg.verification.coldLoad !== false ? reg.verification.loadMs : undefined;
    const [loadMs, loadSource] =
      t.measuredLoadMs !== undefined ? [t.measuredLoadMs, "measured" as const] : verified !== undefined ? [verified, "verification" as const] : [estimateLoadMs(memoryBytes), "estimated" as const];
    return {
      name: t.targetModel,
      memoryBytes,
      memorySource,
      loadMs,
      loadSource,
      calls: t.calls,
      view: {
        name: t.targetModel,
        model: reg?.model ?? t.targetModel.replace(/\/v\d+\.tar\.gz$/, ""),
        version: reg?.version,
        invocations: t.invocations,
        peakPerMinute: Math.max(0, ...Array.from(t.calls.count)),
        memoryBytes,
        memorySource,
        loadMs: Math.round(loadMs),
        loadSource,
      },
    };
  });
}
