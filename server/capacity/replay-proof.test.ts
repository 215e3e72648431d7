import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CandidateConfig } from "@/lib/capacity/capacity-types";
import { paddedSizeClasses, recordedZipfTrace, type RecordedZipfTrace } from "@/test/support/capacity/recorded-zipf-trace";
import { registerReplayModels, replayClients, type ReplayClients } from "@/test/support/capacity/replay-endpoints";
import { replayAndPredict, type ReplayComparison } from "@/test/support/capacity/replay-proof";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

// Issue 18's proof, small: a recorded Zipf trace (40 models of ten sizes, ~300 requests) is sent
// to a real engine one request at a time, and the planner's simulator replays the same list at
// the same configuration. The prediction must land within 3 points of hit ratio and 10 % of cold
// loads of what the engine's own counters say. bench/capacity runs the same at 10,000 models.
const classes = paddedSizeClasses(10);
const trace: RecordedZipfTrace = recordedZipfTrace({ models: 40, minutes: 5, ratePerSecond: 1, s: 1, seed: 20_261_207, classBytes: classes.bytes });
const meanBytes = trace.models.reduce((sum, m) => sum + m.memoryBytes, 0) / trace.models.length;
// Room for about five of the forty models per instance: enough pressure that policies differ.
const budget = Math.floor(5 * meanBytes);
const config = (count: number): CandidateConfig => ({ instanceType: "ml.g5.xlarge", memoryBytes: budget, count, policy: "engine" });

describe("the capacity simulator against the engine, on a recorded Zipf trace", () => {
  let engine: TestEngine;
  let clients: ReplayClients;
  const results: Record<number, ReplayComparison> = {};

  beforeAll(async () => {
    engine = await startTestEngine({ config: { instanceMemoryBytes: budget, evictionPolicy: "gdsf", transitionMs: 0 } });
    clients = replayClients(engine.url);
    await registerReplayModels(clients, trace.classOf, classes.packages);
  });

  afterAll(async () => {
    clients?.destroy();
    await engine?.cleanup();
  });

  it.each([1, 2])("%i instance(s): predicted hit ratio within 3 points, cold loads within 10 percent", async (count) => {
    const r = await replayAndPredict({ url: engine.url, clients, endpointName: `replay-${count}`, config: config(count), models: trace.models, requests: trace.requests });
    results[count] = r;
    const m = r.measured;
    expect({ errors: m.errors, samples: m.errorSamples, unlabelled: m.unlabelled, loadFailures: m.loadFailures }).toEqual({ errors: 0, samples: [], unlabelled: 0, loadFailures: 0 });
    // The headers and the instances' own counters tell the same story.
    expect(m.hits + m.misses).toBe(trace.requests.length);
    expect({ hits: m.counterHits, misses: m.counterMisses }).toEqual({ hits: m.hits, misses: m.misses });
    // Enough pressure to mean something: models were evicted, most requests did not hit.
    expect(m.evictions).toBeGreaterThan(50);

    expect(Math.abs(r.predictedHitRatio - r.measuredHitRatio)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(r.predicted.coldLoads - m.coldLoads)).toBeLessThanOrEqual(0.1 * m.coldLoads);
  }, 60_000);

  it("would catch a simulator that modelled the engine with LRU", () => {
    // The same replays predicted with LRU instead of the engine's GDSF land outside the
    // tolerances: the check above can fail, it does not pass whatever the simulator says.
    for (const count of [1, 2]) {
      const r = results[count];
      expect(r, `the ${count}-instance replay ran`).toBeDefined();
      expect(r!.otherPolicy.policy).toBe("lru");
      expect(Math.abs(r!.otherPolicy.hitRatio - r!.measuredHitRatio)).toBeGreaterThan(0.03);
      expect(Math.abs(r!.otherPolicy.coldLoads - r!.measured.coldLoads)).toBeGreaterThan(0.1 * r!.measured.coldLoads);
    }
  });
});
