import { describe, expect, it } from "vitest";
import { modelTable, simulateConfig } from "./simulate-config";
import { sequentialTrace, simulateRecordedTrace } from "./simulate-recorded-trace";

const MiB = 1024 * 1024;
const table = modelTable([
  { memoryBytes: 1 * MiB, loadMs: 800 },
  { memoryBytes: 1 * MiB, loadMs: 2500.5 },
  { memoryBytes: 1 * MiB, loadMs: 10 },
]);

describe("a recorded trace replayed one request at a time", () => {
  it("spaces the requests by more than the longest load, in their order", () => {
    const t = sequentialTrace([2, 0, 1, 0], table);
    expect([...t.model]).toEqual([2, 0, 1, 0]);
    expect([...t.atMs]).toEqual([0, 2502, 5004, 7506]);
    expect(t.minutes).toBe(1);
  });

  it("no request joins a load: the same order with the loads under way would", () => {
    const requests = [1, 1, 0, 1];
    const config = { instanceType: "ml.g5.xlarge", memoryBytes: 4 * MiB, count: 2, policy: "lru" as const };
    // One at a time: model 1 loads once, then hits; model 0 goes to the idle instance with the most room.
    expect(simulateRecordedTrace(requests, table, config)).toMatchObject({ requests: 4, hits: 2, misses: 2, coldLoads: 2, loadingWaitP99Ms: 2500.5 });
    // The same list 1 ms apart: the second request for model 1 joins its load (a miss, not a cold load).
    const concurrent = { model: Uint32Array.from(requests), atMs: Float64Array.from([0, 1, 2, 3]), minutes: 1 };
    expect(simulateConfig(concurrent, table, config)).toMatchObject({ hits: 0, misses: 4, coldLoads: 2 });
  });
});
