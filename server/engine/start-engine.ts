import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import { TargetScaler } from "./autoscaling/backend/scaler/target-scaler";
import { createAutoScalingService } from "./autoscaling/create-autoscaling-service";
import { TORCH_RUNTIME } from "./backends/torch/torch-runtime";
import { createCloudWatchService } from "./cloudwatch/create-cloudwatch-service";
import { ENGINE_DEFAULTS, readEngineConfig, type EngineConfig } from "./config";
import { openEngineDb } from "./engine-db";
import { createRouter } from "./http/router";
import { createInternalService } from "./internal/create-internal-service";
import { InstanceGauges } from "./metrics/instance-gauges";
import { NO_METRICS, type MetricSink } from "./metrics/metric-sink";
import { createRuntimeService } from "./runtime/create-runtime-service";
import { createS3Service } from "./s3/create-s3-service";
import { createSageMakerService } from "./sagemaker/create-sagemaker-service";
import { lockDataDir } from "./store/data-dir-lock";
import { createStsService } from "./sts/create-sts-service";

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
  const db = openEngineDb(opts.dataDir);
  const cloudwatch = createCloudWatchService({ dataDir: opts.dataDir, maxSeries: config.metricsMaxSeries });
  // What the engine observes; CloudWatch's own API (PutMetricData) works either way.
  const recorded = config.recordMetrics ? cloudwatch.sink : NO_METRICS;
  const s3 = createS3Service({ db, dataDir: opts.dataDir, region: config.region, accountId: config.accountId, minPartSizeBytes: config.s3MinPartSizeBytes });
  const sagemaker = createSageMakerService({ db, region: config.region, accountId: config.accountId, transitionMs: config.transitionMs, modelData: s3.backend });
  const runtime = createRuntimeService({
    dataDir: opts.dataDir,
    sagemaker: sagemaker.backend,
    modelData: s3.backend,
    region: config.region,
    accountId: config.accountId,
    loadWaitMs: config.loadWaitMs,
    instanceMemoryBytes: config.instanceMemoryBytes,
    instanceDiskBytes: config.instanceDiskBytes,
    evictionPolicy: config.evictionPolicy,
    metrics: recorded,
  });
  const sts = createStsService({ accountId: config.accountId });
  const autoscaling = createAutoScalingService({
    db,
    region: config.region,
    accountId: config.accountId,
    findEndpoint: sagemaker.backend.findEndpoint,
  });
  // Target tracking and scheduled actions, evaluated once a period on the engine's own metrics.
  const scaler = new TargetScaler({ store: autoscaling.backend, endpoints: sagemaker.backend, metrics: cloudwatch, periodS: config.scalingPeriodS });
  const modelCache = runtime.cache;
  const internal = createInternalService({
    endpointName: (name) => sagemaker.backend.findEndpoint(name)?.name,
    snapshot: () => modelCache.snapshot(),
    warm: runtime.warm,
    torch: () => TORCH_RUNTIME.status(),
  });
  // Looks for a Python with PyTorch now (logged); its workers start with the first PyTorch model.
  const detachTorch = TORCH_RUNTIME.attach(config.python);
  const gauges = new InstanceGauges({ sink: recorded, snapshot: () => modelCache.snapshot(), intervalMs: config.metricsSampleMs, gpu: () => TORCH_RUNTIME.gpuSample() });
  // Updated endpoints run on new instances and deleted ones on none: their models go.
  sagemaker.backend.onEndpointChange((change) => {
    // A scaling action (UpdateEndpointWeightsAndCapacities) keeps the instances that remain.
    const done = change.kind === "resized" ? runtime.resizeEndpoint(change.endpointName) : runtime.unloadEndpoint(change.endpointName);
    done.catch((err: unknown) => console.error("mme-engine: unloading an endpoint's models failed", err));
    // SageMaker's DeleteEndpoint deregisters the variants' scalable targets, as on AWS.
    if (change.kind === "deleted") autoscaling.backend.forgetEndpoint(change.endpointName);
  });
  const router = createRouter({
    services: {
      sagemaker: sagemaker.handler,
      s3: s3.handler,
      "sagemaker-runtime": runtime.handler,
      cloudwatch: cloudwatch.handler,
      sts: sts.handler,
      "application-autoscaling": autoscaling.handler,
      internal: internal.handler,
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
    await runtime.close();
    await detachTorch();
    await cloudwatch.close();
    db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  gauges.start();
  scaler.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      gauges.stop();
      scaler.stop();
      sagemaker.close();
      server.close(() => {
        // Sessions are released before the process may exit; the state closes last.
        runtime
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
