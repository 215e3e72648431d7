import { createEvictionPolicy } from "@/server/engine/cache/eviction/create-eviction-policy";
import { copyPackages, createMmeEndpoint, putPackage, startBenchEngine } from "./bench-endpoint";
import { sampleMemory } from "./engine-process";
import { checkOnnxAddResponse, onnxAddReference } from "./fixtures";
import { accountedBytes, paddedPackage, paddingFor } from "./padded-packages";
import { summarize } from "./percentiles";
import { seededRng } from "./prng";
import { simulateBelady } from "./simulate-belady";
import { simulateLru } from "./simulate-lru";
import { simulatePolicy } from "./simulate-policy";
import { signedInvoker } from "./warm-invoke";
import { replayTrace } from "./zipf-trace";
import { zipfTrace } from "./zipf";

export type ZipfSizes = "uniform" | "tenfold";

export type ZipfCaseResult = {
  sizes: ZipfSizes;
  models: number;
  requests: number;
  zipf_s: number;
  seed: number;
  concurrency: number;
  budget_bytes: number;
  /** Accounted bytes per model: the smallest, mean and largest. */
  model_bytes: { min: number; mean: number; max: number };
  eviction_policy: string;
  hit_ratio: number;
  hit_ratio_source: string;
  hits: number;
  misses: number;
  unlabelled: number;
  lru_hit_ratio: number;
  belady_hit_ratio: number;
  /** The engine's own policy object driven offline on the same trace, one request at a time. */
  engine_policy_offline_hit_ratio: number;
  p50_us: number;
  p90_us: number;
  p99_us: number;
  errors: number;
  error_samples: string[];
  retries_429: number;
  peak_rss_mb: number;
  peak_rss_with_workers_mb: number;
  trace_seconds: number;
  register_seconds: number;
};

export type ZipfCaseOptions = {
  sizes: ZipfSizes;
  models: number;
  resident: number;
  requests: number;
  s: number;
  concurrency: number;
  seed: number;
  packageBytes: Uint8Array;
  log: (msg: string) => void;
};

const SIZE_CLASSES = 10;
/**
 * One Zipf trace against a fresh engine: `models` copies of the tiny ONNX package registered
 * under one MME prefix (server-side CopyObject), a per-instance memory budget with room for
 * `resident` of them (MME_ENGINE_INSTANCE_MEMORY_BYTES), the trace replayed at `concurrency`,
 * and the same trace simulated offline with LRU, Belady and the engine's own policy.
 *
 * uniform: every package is the fixture as is. tenfold: each model gets one of ten sizes,
 * 1x..10x the smallest's accounted bytes (seeded, independent of popularity); the budget is
 * `resident` times the mean, so about `resident` models fit on average.
 */
export async function runZipfCase(opts: ZipfCaseOptions): Promise<ZipfCaseResult> {
  const multiples = opts.sizes === "uniform" ? [1] : Array.from({ length: SIZE_CLASSES }, (_, k) => k + 1);
  const classBytes = multiples.map((m) => accountedBytes(paddingFor(m)));
  const classPackages = multiples.map((m) => (m === 1 ? opts.packageBytes : paddedPackage(paddingFor(m))));
  const classRng = seededRng(opts.seed ^ 0x2545f491);
  const classOf = Uint8Array.from({ length: opts.models }, () => (multiples.length === 1 ? 0 : classRng.int(multiples.length)));
  const sizeOf = (id: number) => classBytes[classOf[id]!]!;
  let total = 0;
  let min = Infinity;
  let max = 0;
  for (let id = 0; id < opts.models; id++) {
    total += sizeOf(id);
    min = Math.min(min, sizeOf(id));
    max = Math.max(max, sizeOf(id));
  }
  const mean = total / opts.models;
  const budget = Math.floor(opts.resident * mean);
  const trace = zipfTrace({ items: opts.models, requests: opts.requests, s: opts.s, seed: opts.seed });
  const keyOf = (id: number) => `m${String(id).padStart(5, "0")}.tar.gz`;

  const engine = await startBenchEngine({ MME_ENGINE_INSTANCE_MEMORY_BYTES: String(budget) });
  try {
    const registerStart = Date.now();
    for (let k = 0; k < classPackages.length; k++) await putPackage(engine, `src/class-${k + 1}.tar.gz`, classPackages[k]!);
    await copyPackages(
      engine,
      Array.from({ length: opts.models }, (_, id) => ({ from: `src/class-${classOf[id]! + 1}.tar.gz`, to: `zipf/${keyOf(id)}` })),
      32,
    );
    const registerSeconds = (Date.now() - registerStart) / 1000;
    opts.log(`  registered ${opts.models} models in ${registerSeconds.toFixed(1)} s; budget ${budget} bytes (${(budget / 2 ** 20).toFixed(0)} MiB)`);
    await createMmeEndpoint(engine, "zipf", "zipf/");

    const invoker = signedInvoker({ url: engine.url, endpointName: "zipf", targetModel: keyOf(trace[0]!), body: onnxAddReference().body }, opts.concurrency);
    const memory = sampleMemory(engine.server.pid);
    const run = await replayTrace({
      trace,
      keyOf,
      send: (key) => invoker.send(key),
      // The padded packages must answer as the plain one does: checked on a sample of answers.
      check: checkOnnxAddResponse,
      concurrency: opts.concurrency,
      onProgress: (done) => opts.log(`  ${done} / ${opts.requests} requests`),
    });
    const mem = memory.stop();
    invoker.close();

    const input = { trace, sizeOf, capacityBytes: budget };
    const lru = simulateLru(input);
    const belady = simulateBelady(input);
    const policyName = process.env.MME_ENGINE_EVICTION_POLICY || "gdsf";
    const own = simulatePolicy(createEvictionPolicy(policyName as "gdsf" | "lru"), input);
    const hits = run.hits;
    const misses = run.misses;
    const lat = summarize(run.latenciesUs);
    return {
      sizes: opts.sizes,
      models: opts.models,
      requests: opts.requests,
      zipf_s: opts.s,
      seed: opts.seed,
      concurrency: opts.concurrency,
      budget_bytes: budget,
      model_bytes: { min, mean, max },
      eviction_policy: policyName,
      hit_ratio: hits / (hits + misses),
      hit_ratio_source: "x-mme-model-cache header",
      hits,
      misses,
      unlabelled: run.unlabelled,
      lru_hit_ratio: lru.hitRatio,
      belady_hit_ratio: belady.hitRatio,
      engine_policy_offline_hit_ratio: own.hitRatio,
      p50_us: lat.p50,
      p90_us: lat.p90,
      p99_us: lat.p99,
      errors: run.errors,
      error_samples: run.errorSamples,
      retries_429: run.retries,
      peak_rss_mb: mem.peakRssMb,
      peak_rss_with_workers_mb: mem.peakTreeRssMb,
      trace_seconds: run.seconds,
      register_seconds: registerSeconds,
    };
  } finally {
    await engine.close();
  }
}
