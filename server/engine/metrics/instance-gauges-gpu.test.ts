import { describe, expect, it } from "vitest";
import type { CacheSnapshot, InstanceSnapshot } from "@/lib/residency-snapshot";
import { InstanceGauges } from "./instance-gauges";
import type { MetricSink, SeriesKey } from "./metric-sink";

const instance = (i: number): InstanceSnapshot => ({
  instanceId: `i-${i}`,
  index: i,
  memory: { budgetBytes: 100, usedBytes: 50 },
  disk: { budgetBytes: 100, usedBytes: 10, models: [] },
  inFlight: 0,
  models: [],
  counters: { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0, diskDeletes: 0 },
  recent: [],
});
const snapshot: CacheSnapshot = { at: 1_000, endpoints: [{ endpointName: "e", variantName: "v", instanceType: "ml.g5.xlarge", policy: "gdsf", instances: [instance(0), instance(1)] }] };

/** Every datum the gauges add, by metric name. */
function recording() {
  const added = new Map<string, number[]>();
  const sink: MetricSink = { series: (key: SeriesKey) => ({ add: (v: number) => added.set(key.metricName, [...(added.get(key.metricName) ?? []), v]) }) };
  return { sink, added };
}

describe("instance gauges with a GPU provider", () => {
  it("records GPUMemoryUtilization and GPUUtilization per instance while a GPU is in use", () => {
    const { sink, added } = recording();
    new InstanceGauges({ sink, snapshot: () => snapshot, intervalMs: 1000, gpu: () => ({ memoryPercent: 40, utilizationPercent: 75 }) }).sample();
    expect(added.get("GPUMemoryUtilization")).toEqual([40, 40]);
    expect(added.get("GPUUtilization")).toEqual([75, 75]);
    expect(added.get("MemoryUtilization")).toEqual([50, 50]);
  });

  it("records no GPU utilization the device does not report, and nothing GPU without one (CPU only, as before)", () => {
    const partial = recording();
    new InstanceGauges({ sink: partial.sink, snapshot: () => snapshot, intervalMs: 1000, gpu: () => ({ memoryPercent: 10, utilizationPercent: null }) }).sample();
    expect([partial.added.get("GPUMemoryUtilization"), partial.added.has("GPUUtilization")]).toEqual([[10, 10], false]);
    const cpu = recording();
    new InstanceGauges({ sink: cpu.sink, snapshot: () => snapshot, intervalMs: 1000, gpu: () => undefined }).sample();
    expect([...cpu.added.keys()].sort()).toEqual(["CPUUtilization", "DiskUtilization", "LoadedModelCount", "MemoryUtilization"]);
  });
});
