import type { CandidateConfig } from "@/lib/capacity/capacity-types";
import { paddedSizeClasses, recordedZipfTrace } from "@/test/support/capacity/recorded-zipf-trace";
import { registerReplayModels, replayClients } from "@/test/support/capacity/replay-endpoints";
import { replayAndPredict } from "@/test/support/capacity/replay-proof";
import { startBenchEngine } from "../engine/bench-endpoint";
import { sampleMemory } from "../engine/engine-process";

export type EngineReplayOptions = {
  models: number;
  /** Minutes of traffic at `ratePerSecond`: the trace's length. */
  minutes: number;
  ratePerSecond: number;
  s: number;
  seed: number;
  instances: number;
  /** Per instance: room for this many models of the mean size. */
  residentPerInstance: number;
  log: (msg: string) => void;
};

/**
 * Issue 18's proof at full size: a recorded Zipf trace over `models` padded onnx-add packages
 * (ten sizes), replayed one request at a time on a fresh engine (its own process, GDSF, the
 * per-instance budget set by MME_ENGINE_INSTANCE_MEMORY_BYTES) and simulated by the planner at
 * the same configuration. server/capacity/replay-proof.test.ts is the same at 40 models.
 */
export async function runEngineReplay(opts: EngineReplayOptions) {
  const classes = paddedSizeClasses(10);
  const trace = recordedZipfTrace({ models: opts.models, minutes: opts.minutes, ratePerSecond: opts.ratePerSecond, s: opts.s, seed: opts.seed, classBytes: classes.bytes });
  const meanBytes = trace.models.reduce((sum, m) => sum + m.memoryBytes, 0) / trace.models.length;
  const budget = Math.floor(opts.residentPerInstance * meanBytes);
  const config: CandidateConfig = { instanceType: "ml.g5.xlarge", memoryBytes: budget, count: opts.instances, policy: "engine" };
  opts.log(`engine replay: ${opts.models} models, ${trace.requests.length} requests one at a time, ${opts.instances} instance(s) of ${(budget / 2 ** 20).toFixed(0)} MiB, GDSF`);

  const engine = await startBenchEngine({ MME_ENGINE_INSTANCE_MEMORY_BYTES: String(budget), MME_ENGINE_EVICTION_POLICY: "gdsf" });
  const clients = replayClients(engine.url);
  try {
    const registerStarted = performance.now();
    await registerReplayModels(clients, trace.classOf, classes.packages);
    const registerSeconds = (performance.now() - registerStarted) / 1000;
    opts.log(`  registered ${opts.models} models in ${registerSeconds.toFixed(1)} s`);
    const memory = sampleMemory(engine.server.pid);
    const r = await replayAndPredict({ url: engine.url, clients, endpointName: "replay", config, models: trace.models, requests: trace.requests, log: opts.log });
    const mem = memory.stop();
    return {
      models: opts.models,
      requests: trace.requests.length,
      trace: { minutes: opts.minutes, rate_per_second: opts.ratePerSecond, zipf_s: opts.s, seed: opts.seed, order: "the planner's Poisson placement of the per-minute counts (placeRequests), sent in that order, one at a time" },
      config: { instance_type: config.instanceType, count: config.count, memory_bytes: budget, policy: config.policy, resident_per_instance_at_mean_size: opts.residentPerInstance },
      model_bytes_mean: meanBytes,
      predicted_hit_ratio: r.predictedHitRatio,
      measured_hit_ratio: r.measuredHitRatio,
      predicted_cold_loads: r.predicted.coldLoads,
      measured_cold_loads: r.measured.coldLoads,
      predicted_evictions: r.predicted.evictions,
      measured_evictions: r.measured.evictions,
      lru_predicted_hit_ratio: r.otherPolicy.hitRatio,
      lru_predicted_cold_loads: r.otherPolicy.coldLoads,
      measured_source: "hit ratio: x-mme-model-cache header of each answer; cold loads and evictions: the instances' counters (GET /_mme/endpoints/replay/residency)",
      errors: r.measured.errors,
      error_samples: r.measured.errorSamples,
      unlabelled: r.measured.unlabelled,
      replay_seconds: r.measured.seconds,
      register_seconds: registerSeconds,
      engine_peak_rss_mb: mem.peakRssMb,
    };
  } finally {
    clients.destroy();
    await engine.close();
  }
}

export type EngineReplayResult = Awaited<ReturnType<typeof runEngineReplay>>;
