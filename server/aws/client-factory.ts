import "server-only";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { readBackendConfig, type BackendConfig } from "@/server/aws/backend-config";

let cached: { config: BackendConfig; sagemaker?: SageMakerClient; s3?: S3Client; runtime?: SageMakerRuntimeClient; cloudwatch?: CloudWatchClient } | undefined;

function state() {
  cached ??= { config: readBackendConfig() };
  return cached;
}

export function backendConfig(): BackendConfig {
  return state().config;
}

/** Options every SDK client shares: the local engine gets its endpoint and keys, AWS the default chain. */
function clientOptions() {
  const config = state().config;
  return config.kind === "local"
    ? { region: config.region, endpoint: config.endpoint, credentials: config.credentials, maxAttempts: 2 }
    : { region: config.region };
}

/** The one SageMaker control-plane client of this process. */
export function sagemakerClient(): SageMakerClient {
  const s = state();
  s.sagemaker ??= new SageMakerClient(clientOptions());
  return s.sagemaker;
}

/** The one S3 client; the local engine serves path-style buckets only. */
export function s3Client(): S3Client {
  const s = state();
  s.s3 ??= new S3Client({ ...clientOptions(), forcePathStyle: s.config.kind === "local" });
  return s.s3;
}

/** The one SageMaker runtime client (InvokeEndpoint). */
export function runtimeClient(): SageMakerRuntimeClient {
  const s = state();
  s.runtime ??= new SageMakerRuntimeClient(clientOptions());
  return s.runtime;
}

/** The one CloudWatch client (metrics for the dashboards; PutMetricData of per-model series on AWS). */
export function cloudwatchClient(): CloudWatchClient {
  const s = state();
  s.cloudwatch ??= new CloudWatchClient(clientOptions());
  return s.cloudwatch;
}
