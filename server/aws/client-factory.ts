import "server-only";
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { S3Client } from "@aws-sdk/client-s3";
import { SageMakerClient } from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";
import { readBackendConfig, type BackendConfig } from "@/server/aws/backend-config";
import { clientOptions, s3ClientOptions } from "@/server/aws/client-options";

let cached: { config: BackendConfig; sagemaker?: SageMakerClient; s3?: S3Client; runtime?: SageMakerRuntimeClient; cloudwatch?: CloudWatchClient; autoscaling?: ApplicationAutoScalingClient } | undefined;

function state() {
  cached ??= { config: readBackendConfig() };
  return cached;
}

export function backendConfig(): BackendConfig {
  return state().config;
}

/** The one SageMaker control-plane client of this process. */
export function sagemakerClient(): SageMakerClient {
  const s = state();
  s.sagemaker ??= new SageMakerClient(clientOptions(s.config));
  return s.sagemaker;
}

/** The one S3 client: path-style where the backend needs it, checksums only where S3 requires them (client-options.ts). */
export function s3Client(): S3Client {
  const s = state();
  s.s3 ??= new S3Client(s3ClientOptions(s.config));
  return s.s3;
}

/** The one SageMaker runtime client (InvokeEndpoint). */
export function runtimeClient(): SageMakerRuntimeClient {
  const s = state();
  s.runtime ??= new SageMakerRuntimeClient(clientOptions(s.config));
  return s.runtime;
}

/** The one CloudWatch client (metrics for the dashboards; PutMetricData of per-model series on AWS). */
export function cloudwatchClient(): CloudWatchClient {
  const s = state();
  s.cloudwatch ??= new CloudWatchClient(clientOptions(s.config));
  return s.cloudwatch;
}

/** The one Application Auto Scaling client (the Scaling tab); on the local engine, its `application-autoscaling` service. */
export function autoscalingClient(): ApplicationAutoScalingClient {
  const s = state();
  s.autoscaling ??= new ApplicationAutoScalingClient(clientOptions(s.config));
  return s.autoscaling;
}
