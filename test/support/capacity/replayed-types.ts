import { typesWorthReplaying } from "@/lib/capacity/capacity-cost";
import { checkedInPriceTable, pricesIn, type InstancePrice } from "@/lib/capacity/instance-prices";

/** The checked-in table's GPU types in a region: what a GPU endpoint there is offered. */
export function gpuTypesIn(region: string): InstancePrice[] {
  const table = checkedInPriceTable();
  const gpu = new Set(table.instanceTypes.filter((t) => t.gpuMemoryGiB !== null).map((t) => t.instanceType));
  return pricesIn(table, region).filter((p) => gpu.has(p.instanceType));
}

/** The GPU types the plan replays for a GPU endpoint of type `current` in `region` (its own kept). */
export function replayedGpuTypes(region: string, current: string): InstancePrice[] {
  return typesWorthReplaying(gpuTypesIn(region), current);
}
