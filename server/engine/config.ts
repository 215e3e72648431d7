import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { EVICTION_POLICY_NAMES, type EvictionPolicyName } from "./cache/eviction/eviction-policy";

/**
 * The engine's settings, read from the environment. The defaults are exported so the console's
 * start script and README can point clients at a default engine without duplicating the values;
 * app code must never import this file (the console reaches the engine over HTTP only).
 */
export const ENGINE_DEFAULTS = {
  // Keys, region, account and port are shared with the console's client factory: one source.
  ...LOCAL_ENGINE_DEFAULTS,
  host: "127.0.0.1",
  dataDir: ".mme/engine",
  /** How long Creating, Updating and Deleting last before the endpoint settles. */
  transitionMs: 5000,
  /** S3's minimum size of every multipart part but the last: 5 MiB, as on AWS. */
  s3MinPartSizeBytes: 5 * 1024 * 1024,
  /** Each instance's disk for model packages (SageMaker's default ML storage volume is 30 GB). */
  instanceDiskBytes: 30 * 1024 ** 3,
  /** How long InvokeEndpoint waits for a model to load before ModelNotReadyException: 60 s, as on AWS. */
  loadWaitMs: 60_000,
  evictionPolicy: "gdsf",
  /** How often instance metrics (loaded models, memory, disk, CPU) are sampled. */
  metricsSampleMs: 10_000,
  /** Whether invocations and loads are recorded as metrics (off only to measure what recording costs). */
  recordMetrics: true,
  /** CloudWatch keeps at most this many series (each target model invoked adds 14). */
  metricsMaxSeries: 250_000,
  /**
   * Application Auto Scaling's metric period: AWS's target tracking alarms use 1-minute
   * datapoints. A shorter period makes the same rules (3 periods above the target, 15 below,
   * cooldowns scaled by period/60) play out in seconds, for tests and demos.
   */
  scalingPeriodS: 60,
} as const;

export type EngineConfig = {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  accountId: string;
  transitionMs: number;
  /** Tests lower it to exercise multipart uploads without 5 MiB parts. */
  s3MinPartSizeBytes: number;
  /** Memory each instance gives models; undefined: the instance type's (GPU) memory. */
  instanceMemoryBytes?: number;
  instanceDiskBytes: number;
  /** 0: a request never waits for a load (answers ModelNotReadyException until the model is in). */
  loadWaitMs: number;
  evictionPolicy: EvictionPolicyName;
  metricsSampleMs: number;
  recordMetrics: boolean;
  metricsMaxSeries: number;
  /** Seconds in one period of the scaler's alarms (MME_ENGINE_SCALING_PERIOD_S); a period CloudWatch accepts. */
  scalingPeriodS: number;
  /** The Python the PyTorch worker runs on (MME_ENGINE_PYTHON); undefined: python3 on PATH, then /usr/bin/python3. */
  python?: string;
};

export function readEngineConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  return {
    accessKeyId: env.MME_ENGINE_ACCESS_KEY_ID || ENGINE_DEFAULTS.accessKeyId,
    secretAccessKey: env.MME_ENGINE_SECRET_ACCESS_KEY || ENGINE_DEFAULTS.secretAccessKey,
    region: env.MME_ENGINE_REGION || ENGINE_DEFAULTS.region,
    accountId: readAccountId(env.MME_ENGINE_ACCOUNT_ID),
    transitionMs: readNonNegativeInt("MME_ENGINE_TRANSITION_MS", env.MME_ENGINE_TRANSITION_MS, ENGINE_DEFAULTS.transitionMs),
    s3MinPartSizeBytes: readNonNegativeInt("MME_ENGINE_S3_MIN_PART_SIZE", env.MME_ENGINE_S3_MIN_PART_SIZE, ENGINE_DEFAULTS.s3MinPartSizeBytes, "bytes"),
    instanceMemoryBytes: env.MME_ENGINE_INSTANCE_MEMORY_BYTES
      ? readNonNegativeInt("MME_ENGINE_INSTANCE_MEMORY_BYTES", env.MME_ENGINE_INSTANCE_MEMORY_BYTES, 0, "bytes")
      : undefined,
    instanceDiskBytes: readNonNegativeInt("MME_ENGINE_INSTANCE_DISK_BYTES", env.MME_ENGINE_INSTANCE_DISK_BYTES, ENGINE_DEFAULTS.instanceDiskBytes, "bytes"),
    loadWaitMs: readNonNegativeInt("MME_ENGINE_LOAD_WAIT_MS", env.MME_ENGINE_LOAD_WAIT_MS, ENGINE_DEFAULTS.loadWaitMs),
    evictionPolicy: readPolicy(env.MME_ENGINE_EVICTION_POLICY),
    metricsSampleMs: readPositiveInt("MME_ENGINE_METRICS_SAMPLE_MS", env.MME_ENGINE_METRICS_SAMPLE_MS, ENGINE_DEFAULTS.metricsSampleMs),
    metricsMaxSeries: readPositiveInt("MME_ENGINE_METRICS_MAX_SERIES", env.MME_ENGINE_METRICS_MAX_SERIES, ENGINE_DEFAULTS.metricsMaxSeries, "series"),
    recordMetrics: readSwitch("MME_ENGINE_RECORD_METRICS", env.MME_ENGINE_RECORD_METRICS, ENGINE_DEFAULTS.recordMetrics),
    scalingPeriodS: readScalingPeriod(env.MME_ENGINE_SCALING_PERIOD_S),
    python: env.MME_ENGINE_PYTHON || undefined,
  };
}

function readPolicy(value: string | undefined): EvictionPolicyName {
  if (!value) return ENGINE_DEFAULTS.evictionPolicy;
  if (!(EVICTION_POLICY_NAMES as readonly string[]).includes(value)) {
    throw new Error(`MME_ENGINE_EVICTION_POLICY must be one of ${EVICTION_POLICY_NAMES.join(", ")}, not "${value}"`);
  }
  return value as EvictionPolicyName;
}

function readScalingPeriod(value: string | undefined): number {
  const n = readPositiveInt("MME_ENGINE_SCALING_PERIOD_S", value, ENGINE_DEFAULTS.scalingPeriodS, "seconds");
  // The scaler reads its datapoints through GetMetricData, which takes only CloudWatch's periods.
  if ([1, 5, 10, 30].includes(n) || n % 60 === 0) return n;
  throw new Error(`MME_ENGINE_SCALING_PERIOD_S must be 1, 5, 10, 30 or a multiple of 60 (seconds), not "${value}"`);
}

function readAccountId(value: string | undefined): string {
  if (!value) return ENGINE_DEFAULTS.accountId;
  // ARNs carry the account id; AWS's patterns require exactly 12 digits.
  if (!/^\d{12}$/.test(value)) throw new Error(`MME_ENGINE_ACCOUNT_ID must be 12 digits, not "${value}"`);
  return value;
}

function readNonNegativeInt(name: string, value: string | undefined, fallback: number, unit = "milliseconds"): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer (${unit}), not "${value}"`);
  return n;
}

function readPositiveInt(name: string, value: string | undefined, fallback: number, unit = "milliseconds"): number {
  const n = readNonNegativeInt(name, value, fallback, unit);
  if (n === 0) throw new Error(`${name} must be a positive integer (${unit}), not "${value}"`);
  return n;
}

function readSwitch(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  throw new Error(`${name} must be 1 or 0 (true or false), not "${value}"`);
}
