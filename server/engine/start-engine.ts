import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { TORCH_RUNTIME } from "./backends/torch/torch-runtime";
import { ModelCache } from "./cache/model-cache";
import { createCloudWatchService } from "./cloudwatch/create-cloudwatch-service";
import { ENGINE_DEFAULTS, readEngineConfig, type EngineConfig } from "./config";
import { createRouter } from "./http/router";
import { withCapabilitiesRoute } from "./internal/capabilities-handler";
import { createInternalHandler } from "./internal/residency-handler";
import { CacheMetrics } from "./metrics/cache-metrics";
import { InstanceGauges } from "./metrics/instance-gauges";
import { InvocationMetrics } from "./metrics/invocation-metrics";
import { NO_METRICS, type MetricSink } from "./metrics/metric-sink";
import { RuntimeBackend } from "./runtime/runtime-backend";
import { createRuntimeHandler } from "./runtime/runtime-handler";
import type { TritonModel } from "./runtime/triton-model";
import { S3Backend } from "./s3/backend/s3-backend";
import { createS3Handler } from "./s3/s3-handler";
import { SageMakerBackend } from "./sagemaker/backend/sagemaker-backend";
import { createSageMakerHandler } from "./sagemaker/protocol";
import { BlobFiles } from "./store/blob-files";
import { lockDataDir } from "./store/data-dir-lock";
import { openDatabase } from "./store/open-database";
import { S3Store } from "./store/s3-store";
import { SageMakerStore } from "./store/sagemaker-store";

export type StartEngineOptions = {
  /** 0 (the default here) picks a free port. */
  port?: number;
  dataDir: string;
  /** Overrides of the environment's configuration (tests use a short transitionMs). */
  config?: Partial<EngineConfig>;
};

export type RunningEngine = {
  url: string;
  port: number;
  /** In-process only (tests, and a later developer route): what every instance holds. */
  modelCache: { snapshot(): CacheSnapshot };
  /** Where the engine records its metrics; CloudWatch on this port serves them. */
  metrics: MetricSink;
  close(): Promise<void>;
};

/**
 * Opens the engine's state under `dataDir` and serves every AWS API it speaks on one loopback
 * port. Used by main.ts and, in-process, by tests.
 */
export async function startEngine(opts: StartEngineOptions): Promise<RunningEngine> {
  // Before anything under the data dir is opened: a second engine there would corrupt it.
  const releaseLock = lockDataDir(opts.dataDir);
  try {
    return await startOnLockedDataDir(opts, releaseLock);
  } catch (err) {
    releaseLock();
    throw err;
  }
}

async function startOnLockedDataDir(opts: StartEngineOptions, releaseLock: () => void): Promise<RunningEngine> {
  const config: EngineConfig = { ...readEngineConfig(), ...opts.config };
  const db = openDatabase(opts.dataDir);
  const cloudwatch = createCloudWatchService({ dataDir: opts.dataDir, maxSeries: config.metricsMaxSeries });
  // What the engine observes; CloudWatch's own API (PutMetricData) works either way.
  const recorded = config.recordMetrics ? cloudwatch.sink : NO_METRICS;
  // Sweeps files an interrupted upload left behind before anything is served.
  const s3 = new S3Backend({
    store: new S3Store(db),
    blobs: new BlobFiles(opts.dataDir),
    region: config.region,
    minPartSizeBytes: config.s3MinPartSizeBytes,
  });
  const sagemaker = new SageMakerBackend({
    store: new SageMakerStore(db),
    region: config.region,
    accountId: config.accountId,
    transitionMs: config.transitionMs,
    modelData: s3,
  });
  const modelCache = new ModelCache<TritonModel>({
    root: join(opts.dataDir, "runtime"),
    instanceMemoryBytes: config.instanceMemoryBytes,
    instanceDiskBytes: config.instanceDiskBytes,
    policy: config.evictionPolicy,
    onEvent: new CacheMetrics(recorded).onEvent,
  });
  // Looks for a Python with PyTorch now (logged); its workers start with the first PyTorch model.
  const detachTorch = TORCH_RUNTIME.attach(config.python);
  const gauges = new InstanceGauges({ sink: recorded, snapshot: () => modelCache.snapshot(), intervalMs: config.metricsSampleMs, gpu: () => TORCH_RUNTIME.gpuSample() });
  // Updated endpoints run on new instances and deleted ones on none: their models go.
  sagemaker.onEndpointChange((change) => {
    modelCache.unloadEndpoint(change.endpointName).catch((err: unknown) => console.error("mme-engine: unloading an endpoint's models failed", err));
  });
  const runtime = new RuntimeBackend({
    sagemaker,
    modelData: s3,
    cache: modelCache,
    region: config.region,
    accountId: config.accountId,
    loadWaitMs: config.loadWaitMs,
    metrics: new InvocationMetrics(recorded),
  });
  const router = createRouter({
    services: {
      sagemaker: createSageMakerHandler(sagemaker),
      s3: createS3Handler(s3, { accountId: config.accountId }),
      "sagemaker-runtime": createRuntimeHandler(runtime),
      cloudwatch: cloudwatch.handler,
      internal: withCapabilitiesRoute(createInternalHandler({ endpointName: (name) => sagemaker.findEndpoint(name)?.name, snapshot: () => modelCache.snapshot() }), {
        torch: () => TORCH_RUNTIME.status(),
      }),
    },
    region: config.region,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  const server = createServer(router);
  server.on("checkContinue", router.onCheckContinue);
  // Node ends a request after 5 minutes by default; a multi-gigabyte upload may take longer.
  server.requestTimeout = 0;
  // Loopback only: the engine's keys are well known, so it must never be reachable from outside.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, ENGINE_DEFAULTS.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    sagemaker.close();
    await modelCache.close();
    await detachTorch();
    await cloudwatch.close();
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  gauges.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      gauges.stop();
      sagemaker.close();
      server.close(() => {
        // Sessions are released before the process may exit; the state closes last.
        modelCache
          .close()
          .catch((err: unknown) => console.error("mme-engine: unloading models at shutdown failed", err))
          // Workers stop after their models are unloaded (and only when no other engine in the process uses them).
          .then(() => detachTorch())
          // Metrics recorded while models unload are flushed before the state closes.
          .finally(() => void cloudwatch.close().finally(() => {
            db.close();
            releaseLock();
            resolve();
          }));
      });
      // Keep-alive sockets would hold close() open until they time out.
      server.closeAllConnections();
    }));
  return { url: `http://${ENGINE_DEFAULTS.host}:${port}`, port, modelCache, metrics: cloudwatch.sink, close };
}
