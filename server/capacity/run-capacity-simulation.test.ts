import { describe, expect, it } from "vitest";
import { buildMinuteTraffic } from "@/lib/capacity/minute-traffic";
import { denseCalls } from "@/test/support/capacity/dense-calls";
import { runCapacitySimulation, type CapacityProgress } from "./run-capacity-simulation";

const MiB = 1024 * 1024;

describe("runCapacitySimulation", () => {
  it("gives the same results in worker threads as in this thread, with progress as configurations finish", async () => {
    const models = Array.from({ length: 40 }, (_, i) => ({
      name: `m${i}`,
      memoryBytes: (1 + (i % 4)) * MiB,
      loadMs: 200 + i,
      calls: denseCalls(Array.from({ length: 30 }, (_, t) => ((i * 7 + t * 3) % 11 < 3 ? 1 + ((i + t) % 4) : 0))),
    }));
    const configs = [1, 2, 3].flatMap((count) => (["lru", "engine"] as const).map((policy) => ({ instanceType: "ml.g5.xlarge", memoryBytes: 6 * MiB, count, policy })));
    const input = { models, minutes: 30, traffic: buildMinuteTraffic(models, 30), configs, seed: 42 };
    const progress: CapacityProgress[] = [];
    const inWorkers = await runCapacitySimulation(input, { workers: 2, onProgress: (p) => progress.push(p) });
    const here = await runCapacitySimulation(input, { workers: 0 });
    expect(inWorkers).toEqual(here);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.total === 6)).toBe(true);
    expect(here[0]!.requests).toBe(input.traffic.totalRequests);
    // Without a progress listener too (the JSON route and the CLI pass none): once, this never resolved.
    expect(await runCapacitySimulation(input, { workers: 2 })).toEqual(here);
  });
});
