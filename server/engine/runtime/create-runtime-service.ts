import { join } from "node:path";
import { ModelCache } from "../cache/model-cache";
import type { EvictionPolicyName } from "../cache/eviction/eviction-policy";
import type { ServiceHandler } from "../http/service-handler";
import { CacheMetrics } from "../metrics/cache-metrics";
import { InvocationMetrics } from "../metrics/invocation-metrics";
import type { MetricSink } from "../metrics/metric-sink";
import { RuntimeBackend, type RuntimeBackendOptions } from "./backend/runtime-backend";
import type { TritonModel } from "./backend/triton-model";
import { createRuntimeHandler } from "./protocol/runtime-handler";

export type RuntimeServiceOptions = {
  /** The instances' disks live under `<dataDir>/runtime`. */
  dataDir: string;
  sagemaker: RuntimeBackendOptions["sagemaker"];
  modelData: RuntimeBackendOptions["modelData"];
  region: string;
  accountId: string;
  loadWaitMs: number;
  instanceMemoryBytes: number | undefined;
  instanceDiskBytes: number;
  evictionPolicy: EvictionPolicyName;
  /** Where invocations, loads and unloads are recorded. */
  metrics: MetricSink;
};

export type RuntimeService = {
  handler: ServiceHandler;
  /** Every instance's models: the residency route and the instance gauges read it. */
  cache: ModelCache<TritonModel>;
  /** Loads a target model on every instance of an endpoint (the developer namespace's warm route). */
  warm: RuntimeBackend["warm"];
  /** Drops an endpoint's instances (after UpdateEndpoint or DeleteEndpoint completes). */
  unloadEndpoint(endpointName: string): Promise<void>;
  /** Fits an endpoint's instances to its variants' counts (after UpdateEndpointWeightsAndCapacities completes). */
  resizeEndpoint(endpointName: string): Promise<void>;
  /** Unloads every model (sessions are released before the process may exit). */
  close(): Promise<void>;
};

/** SageMaker runtime: InvokeEndpoint (restJson1) over the instances' model caches. */
export function createRuntimeService(opts: RuntimeServiceOptions): RuntimeService {
  const cache = new ModelCache<TritonModel>({
    root: join(opts.dataDir, "runtime"),
    instanceMemoryBytes: opts.instanceMemoryBytes,
    instanceDiskBytes: opts.instanceDiskBytes,
    policy: opts.evictionPolicy,
    onEvent: new CacheMetrics(opts.metrics).onEvent,
  });
  const backend = new RuntimeBackend({
    sagemaker: opts.sagemaker,
    modelData: opts.modelData,
    cache,
    region: opts.region,
    accountId: opts.accountId,
    loadWaitMs: opts.loadWaitMs,
    metrics: new InvocationMetrics(opts.metrics),
  });
  return {
    handler: createRuntimeHandler(backend),
    cache,
    warm: (input) => backend.warm(input),
    unloadEndpoint: (name) => cache.unloadEndpoint(name),
    resizeEndpoint: (name) => {
      const variants = opts.sagemaker.findEndpoint(name)?.live?.variants ?? [];
      return cache.resizeEndpoint(name, variants.map((v) => ({ variantName: v.variantName, instanceCount: v.currentInstanceCount })));
    },
    close: () => cache.close(),
  };
}
