/**
 * The SageMaker backend's records. Nested structures keep AWS's member names (PascalCase)
 * because they are echoed back by the Describe operations exactly as they were given.
 */

export type Tag = { Key: string; Value: string };

export type ContainerDefinition = {
  ContainerHostname?: string;
  Image?: string;
  Mode?: "SingleModel" | "MultiModel";
  ModelDataUrl?: string;
  Environment?: Record<string, string>;
  [member: string]: unknown;
};

export type ModelRecord = {
  name: string;
  arn: string;
  creationTime: number;
  primaryContainer?: ContainerDefinition;
  containers?: ContainerDefinition[];
  executionRoleArn?: string;
  enableNetworkIsolation: boolean;
  /** Members the engine stores and echoes but does not act on (VpcConfig, InferenceExecutionConfig). */
  extra: Record<string, unknown>;
};

export type ProductionVariant = {
  VariantName: string;
  ModelName?: string;
  InitialInstanceCount?: number;
  InstanceType?: string;
  InitialVariantWeight?: number;
  [member: string]: unknown;
};

export type EndpointConfigRecord = {
  name: string;
  arn: string;
  creationTime: number;
  productionVariants: ProductionVariant[];
  /** DataCaptureConfig, KmsKeyId, AsyncInferenceConfig...: stored and echoed, not acted on. */
  extra: Record<string, unknown>;
};

// SageMaker's endpoint statuses: one list for the engine and the console.
import type { EndpointStatus } from "../../../../lib/schemas/endpoint";
export { ENDPOINT_STATUSES, type EndpointStatus } from "../../../../lib/schemas/endpoint";

export type DeployedImage = { SpecifiedImage: string; ResolvedImage: string; ResolutionTime: number };

/**
 * What one variant runs. The model is copied in when the deployment is made, as on AWS, where an
 * endpoint keeps serving after its model or endpoint configuration is deleted.
 */
export type DeployedVariant = {
  variantName: string;
  modelName: string;
  instanceType?: string;
  desiredInstanceCount: number;
  currentInstanceCount: number;
  desiredWeight: number;
  currentWeight: number;
  deployedImages: DeployedImage[];
  containers: ContainerDefinition[];
};

export type Deployment = { endpointConfigName: string; variants: DeployedVariant[] };

/** The change an in-progress endpoint is making; it takes effect when `dueAt` passes. */
export type PendingTransition =
  | { kind: "create"; startTime: number; deployment: Deployment }
  | { kind: "update"; startTime: number; deployment: Deployment }
  | { kind: "weights"; startTime: number; deployment: Deployment }
  | { kind: "delete"; startTime: number };

export type EndpointRecord = {
  name: string;
  arn: string;
  status: EndpointStatus;
  creationTime: number;
  lastModifiedTime: number;
  /** When `pending` completes (epoch ms), or null when the endpoint is settled. */
  dueAt: number | null;
  endpointConfigName: string;
  failureReason?: string;
  /** The deployment serving traffic; null until the first deployment succeeds. */
  live: Deployment | null;
  pending: PendingTransition | null;
  lastDeploymentConfig?: Record<string, unknown>;
};
