import type { CandidateConfig, ModelTraffic, SimulationOutcome } from "@/lib/capacity/capacity-types";
import { modelTable } from "@/lib/capacity/simulate-config";
import { simulateRecordedTrace } from "@/lib/capacity/simulate-recorded-trace";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { signedEngineGet } from "@/test/support/engine/signed-engine-get";
import { checkOnnxAddResponse, onnxAddReference } from "@/bench/engine/fixtures";
import { signedInvoker } from "@/bench/engine/warm-invoke";
import { replayTrace } from "@/bench/engine/zipf-trace";
import { createReplayEndpoint, replayKey, type ReplayClients } from "./replay-endpoints";

export type MeasuredReplay = {
  requests: number;
  /** From each answer's x-mme-model-cache header. */
  hits: number;
  misses: number;
  /** Answers without the header, and failed requests: neither hit nor miss. */
  unlabelled: number;
  errors: number;
  errorSamples: string[];
  /** The instances' own counters (GET /_mme/endpoints/{name}/residency), summed. */
  coldLoads: number;
  loadFailures: number;
  evictions: number;
  counterHits: number;
  counterMisses: number;
  seconds: number;
};

export type ReplayComparison = {
  config: CandidateConfig;
  endpointName: string;
  predicted: SimulationOutcome;
  measured: MeasuredReplay;
  predictedHitRatio: number;
  measuredHitRatio: number;
  /** The same replay simulated with the other policy: how far a wrong model of the engine lands. */
  otherPolicy: { policy: CandidateConfig["policy"]; hitRatio: number; coldLoads: number };
};

/**
 * Issue 18's proof for one configuration: the recorded trace (`requests`, model ids in order)
 * sent to a fresh endpoint of `config.count` instances one request at a time, in order, and the
 * same list simulated by the planner (simulateRecordedTrace). The engine must run with
 * MME_ENGINE_INSTANCE_MEMORY_BYTES = config.memoryBytes and the policy `config.policy` names
 * ("engine": its default GDSF), and hold every model of `models` under replayKey(id).
 */
export async function replayAndPredict(opts: {
  url: string;
  clients: ReplayClients;
  endpointName: string;
  config: CandidateConfig;
  models: readonly Pick<ModelTraffic, "memoryBytes" | "loadMs">[];
  requests: Uint32Array;
  log?: (msg: string) => void;
}): Promise<ReplayComparison> {
  const { config, requests } = opts;
  const table = modelTable(opts.models);
  const predicted = simulateRecordedTrace(requests, table, config);
  const otherPolicy = config.policy === "engine" ? "lru" : "engine";
  const other = simulateRecordedTrace(requests, table, { ...config, policy: otherPolicy });

  await createReplayEndpoint(opts.clients, opts.endpointName, config.instanceType, config.count);
  const invoker = signedInvoker({ url: opts.url, endpointName: opts.endpointName, targetModel: replayKey(requests[0] ?? 0), body: onnxAddReference().body }, 1);
  let run: Awaited<ReturnType<typeof replayTrace>>;
  try {
    // Concurrency 1: each request is sent when the one before it has been answered.
    run = await replayTrace({
      trace: requests,
      keyOf: replayKey,
      send: (key) => invoker.send(key),
      check: checkOnnxAddResponse,
      concurrency: 1,
      onProgress: (done) => opts.log?.(`  ${opts.endpointName}: ${done} / ${requests.length} requests`),
    });
  } finally {
    invoker.close();
  }
  const counters = await instanceCounters(opts.url, opts.endpointName);
  const measured: MeasuredReplay = {
    requests: requests.length,
    hits: run.hits,
    misses: run.misses,
    unlabelled: run.unlabelled,
    errors: run.errors,
    errorSamples: run.errorSamples,
    coldLoads: counters.loads,
    loadFailures: counters.loadFailures,
    evictions: counters.evictions,
    counterHits: counters.hits,
    counterMisses: counters.misses,
    seconds: run.seconds,
  };
  const ratio = (hits: number) => (requests.length === 0 ? 1 : hits / requests.length);
  return {
    config,
    endpointName: opts.endpointName,
    predicted,
    measured,
    predictedHitRatio: ratio(predicted.hits),
    measuredHitRatio: ratio(measured.hits),
    otherPolicy: { policy: otherPolicy, hitRatio: ratio(other.hits), coldLoads: other.coldLoads },
  };
}

type Counters = CacheSnapshot["endpoints"][number]["instances"][number]["counters"];

/** Every instance's cache counters of the endpoint, summed. */
async function instanceCounters(url: string, endpointName: string): Promise<Counters> {
  const snapshot = await signedEngineGet<CacheSnapshot>(url, `/_mme/endpoints/${encodeURIComponent(endpointName)}/residency`);
  const sum: Counters = { hits: 0, misses: 0, loads: 0, loadFailures: 0, evictions: 0, diskDeletes: 0 };
  for (const fleet of snapshot.endpoints) {
    for (const instance of fleet.instances) {
      for (const k of Object.keys(sum) as (keyof Counters)[]) sum[k] += instance.counters[k];
    }
  }
  return sum;
}
