import { describe, expect, it } from "vitest";
import { candidateConfigs, cheapestMeetingTarget, typesWorthReplaying, dedicatedEndpointsBaseline, HOURS_PER_MONTH, priceResults } from "./capacity-cost";
import type { ConfigResult } from "./capacity-types";
import type { InstancePrice } from "./instance-prices";

const GiB = 1024 ** 3;
const prices: InstancePrice[] = [
  { region: "us-east-1", instanceType: "ml.g4dn.xlarge", hourlyUsd: 0.7364, modelMemoryBytes: 16 * GiB },
  { region: "us-east-1", instanceType: "ml.g5.xlarge", hourlyUsd: 1.408, modelMemoryBytes: 24 * GiB },
];

function result(instanceType: string, count: number, hitRatio: number, p99: number, tooBig: string[] = []): ConfigResult {
  const memoryBytes = prices.find((p) => p.instanceType === instanceType)!.modelMemoryBytes;
  return {
    config: { instanceType, memoryBytes, count, policy: "engine" },
    requests: 100, hits: hitRatio * 100, misses: 100 - hitRatio * 100, failedRequests: 0, coldLoads: 0, evictions: 0,
    loadingWaitP50Ms: 0, loadingWaitP99Ms: p99, peakMemoryBytes: 0, peakFleetMemoryBytes: 0,
    hitRatio, coldLoadsPerHour: 0, modelsThatDoNotFit: tooBig,
  };
}

describe("capacity cost", () => {
  it("prices a configuration at count × hourly × 730 h", () => {
    const [priced] = priceResults([result("ml.g5.xlarge", 3, 0.9, 0)], prices);
    expect(priced!.monthlyUsd).toBeCloseTo(3 * 1.408 * HOURS_PER_MONTH, 6);
  });

  it("replays only types that no cheaper type matches in memory, and always the endpoint's own", () => {
    const t = (instanceType: string, hourlyUsd: number, gib: number): InstancePrice => ({ region: "us-east-1", instanceType, hourlyUsd, modelMemoryBytes: gib * GiB });
    const table = [t("g5.xlarge", 1.408, 24), t("g5.2xlarge", 1.515, 24), t("g4dn.xlarge", 0.736, 16), t("g4dn.2xlarge", 0.94, 16), t("g6.xlarge", 1.0, 24), t("g5.12xlarge", 7.09, 96), t("g4dn.12xlarge", 4.89, 64), t("same-price-less", 1.0, 16)];
    // g5.xlarge and g5.2xlarge: g6.xlarge has as much for less; g4dn.2xlarge: g4dn.xlarge; same-price-less: g6.xlarge, at its price, has more.
    expect(typesWorthReplaying(table).map((x) => x.instanceType)).toEqual(["g4dn.xlarge", "g6.xlarge", "g5.12xlarge", "g4dn.12xlarge"]);
    expect(typesWorthReplaying(table, "g5.2xlarge").map((x) => x.instanceType)).toEqual(["g5.2xlarge", "g4dn.xlarge", "g6.xlarge", "g5.12xlarge", "g4dn.12xlarge"]);
    expect(typesWorthReplaying([])).toEqual([]);
  });

  it("lists every type × count × policy", () => {
    const configs = candidateConfigs(prices, 2);
    expect(configs).toHaveLength(8);
    expect(configs[0]).toEqual({ instanceType: "ml.g4dn.xlarge", memoryBytes: 16 * GiB, count: 1, policy: "lru" });
  });

  it("the cheapest configuration meeting the target, skipping ones a model does not fit", () => {
    const priced = priceResults(
      [
        result("ml.g4dn.xlarge", 1, 0.7, 9000), // cheapest, misses the hit ratio
        result("ml.g4dn.xlarge", 2, 0.92, 2000, ["huge"]), // meets it, but a model does not fit
        result("ml.g5.xlarge", 2, 0.95, 3000), // meets both: $2,055.68
        result("ml.g4dn.xlarge", 3, 0.93, 5000), // $1,612.72 but p99 too long
        result("ml.g4dn.xlarge", 4, 0.97, 1000), // $2,150.29: meets both, dearer
      ],
      prices,
    );
    const best = cheapestMeetingTarget(priced, { hitRatio: 0.9, loadingWaitP99Ms: 4000 });
    expect(best!.config).toMatchObject({ instanceType: "ml.g5.xlarge", count: 2 });
    // Without the latency target the cheaper g4dn × 3 wins.
    expect(cheapestMeetingTarget(priced, { hitRatio: 0.9 })!.config).toMatchObject({ instanceType: "ml.g4dn.xlarge", count: 3 });
    expect(cheapestMeetingTarget(priced, { hitRatio: 0.99 })).toBeUndefined();
  });

  it("the baseline: one endpoint per model with traffic, on the cheapest type that holds it", () => {
    const baseline = dedicatedEndpointsBaseline(
      [
        { name: "small", memoryBytes: 2 * GiB, calls: { minute: [1], count: [1] } },
        { name: "mid", memoryBytes: 20 * GiB, calls: { minute: [0], count: [3] } },
        { name: "idle", memoryBytes: 2 * GiB, calls: { minute: [0, 1], count: [0, 0] } },
        { name: "huge", memoryBytes: 30 * GiB, calls: { minute: [0, 1], count: [1, 1] } },
      ],
      prices,
    );
    expect(baseline.endpoints).toEqual([
      { model: "small", instanceType: "ml.g4dn.xlarge", hourlyUsd: 0.7364 },
      { model: "mid", instanceType: "ml.g5.xlarge", hourlyUsd: 1.408 },
    ]);
    expect(baseline.unplaceable).toEqual(["huge"]);
    expect(baseline.monthlyUsd).toBeCloseTo((0.7364 + 1.408) * HOURS_PER_MONTH, 6);
  });
});
