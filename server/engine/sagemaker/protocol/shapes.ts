import { INSTANCE_TYPES } from "@/lib/instance-types";
import { bool, document, float, int, list, map, required, str, struct, timestamp, type Shape } from "../../protocol/shape";
import { ENDPOINT_STATUSES } from "../backend/types";

/**
 * Input shapes of the SageMaker operations the engine serves, with the constraints of AWS's
 * service model (sagemaker-2017-07-24) for the members it understands.
 */
const ENTITY_NAME = str({ max: 63, pattern: "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}" });
const NAME_CONTAINS = str({ max: 63, pattern: "[a-zA-Z0-9-]+" });
const NEXT_TOKEN = str({ max: 8192, pattern: ".*" });
const MAX_RESULTS = int({ min: 1, max: 100 });
const SORT_ORDER = str({ enum: ["Ascending", "Descending"] });
const ROLE_ARN = str({ min: 20, max: 2048, pattern: "^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$" });
const RESOURCE_ARN = str({ max: 256, pattern: "arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:.+" });
const TAG_KEY = str({ min: 1, max: 128, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" });
const TAG_VALUE = str({ max: 256, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" });
const TAGS = list(struct({ Key: required(TAG_KEY), Value: required(TAG_VALUE) }), { max: 50 });
/** The engine knows the catalog's types only; others fail like a value outside AWS's enum. */
const INSTANCE_TYPE = str({ enum: INSTANCE_TYPES.map((t) => t.name) });

const CONTAINER = struct({
  ContainerHostname: str({ max: 63, pattern: "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}" }),
  Image: str({ max: 255, pattern: "[\\S]+" }),
  ImageConfig: document(),
  Mode: str({ enum: ["SingleModel", "MultiModel"] }),
  ModelDataUrl: str({ max: 1024, pattern: "^(https|s3)://([^/]+)/?(.*)$" }),
  ModelDataSource: document(),
  Environment: map(str({ max: 1024, pattern: "[a-zA-Z_][a-zA-Z0-9_]*" }), str({ max: 1024, pattern: "[\\S\\s]*" }), { max: 100 }),
  ModelPackageName: str({ min: 1, max: 176 }),
  MultiModelConfig: document(),
});

const PRODUCTION_VARIANT = struct({
  VariantName: required(ENTITY_NAME),
  ModelName: ENTITY_NAME,
  InitialInstanceCount: int({ min: 1 }),
  InstanceType: INSTANCE_TYPE,
  InitialVariantWeight: float({ min: 0 }),
  AcceleratorType: str(),
  VolumeSizeInGB: int({ min: 1, max: 512 }),
  ModelDataDownloadTimeoutInSeconds: int({ min: 60, max: 3600 }),
  ContainerStartupHealthCheckTimeoutInSeconds: int({ min: 60, max: 3600 }),
  EnableSSMAccess: bool(),
  ManagedInstanceScaling: document(),
  RoutingConfig: document(),
  CoreDumpConfig: document(),
  InferenceAmiVersion: str(),
});

const LIST_COMMON = {
  SortOrder: SORT_ORDER,
  NextToken: NEXT_TOKEN,
  MaxResults: MAX_RESULTS,
  NameContains: NAME_CONTAINS,
  CreationTimeBefore: timestamp(),
  CreationTimeAfter: timestamp(),
};

export const INPUT_SHAPES: Record<string, Shape> = {
  CreateModel: struct({
    ModelName: required(ENTITY_NAME),
    PrimaryContainer: CONTAINER,
    Containers: list(CONTAINER, { max: 15 }),
    InferenceExecutionConfig: document(),
    ExecutionRoleArn: ROLE_ARN,
    Tags: TAGS,
    VpcConfig: document(),
    EnableNetworkIsolation: bool(),
  }),
  DescribeModel: struct({ ModelName: required(ENTITY_NAME) }),
  DeleteModel: struct({ ModelName: required(ENTITY_NAME) }),
  ListModels: struct({ SortBy: str({ enum: ["Name", "CreationTime"] }), ...LIST_COMMON }),

  CreateEndpointConfig: struct({
    EndpointConfigName: required(ENTITY_NAME),
    ProductionVariants: required(list(PRODUCTION_VARIANT, { min: 1, max: 10 })),
    DataCaptureConfig: document(),
    Tags: TAGS,
    KmsKeyId: str({ max: 2048, pattern: "[a-zA-Z0-9:/_-]*" }),
    AsyncInferenceConfig: document(),
    ExplainerConfig: document(),
    ExecutionRoleArn: ROLE_ARN,
    VpcConfig: document(),
    EnableNetworkIsolation: bool(),
  }),
  DescribeEndpointConfig: struct({ EndpointConfigName: required(ENTITY_NAME) }),
  DeleteEndpointConfig: struct({ EndpointConfigName: required(ENTITY_NAME) }),
  ListEndpointConfigs: struct({ SortBy: str({ enum: ["Name", "CreationTime"] }), ...LIST_COMMON }),

  CreateEndpoint: struct({
    EndpointName: required(ENTITY_NAME),
    EndpointConfigName: required(ENTITY_NAME),
    DeploymentConfig: document(),
    Tags: TAGS,
  }),
  DescribeEndpoint: struct({ EndpointName: required(ENTITY_NAME) }),
  DeleteEndpoint: struct({ EndpointName: required(ENTITY_NAME) }),
  ListEndpoints: struct({
    SortBy: str({ enum: ["Name", "CreationTime", "Status"] }),
    ...LIST_COMMON,
    LastModifiedTimeBefore: timestamp(),
    LastModifiedTimeAfter: timestamp(),
    StatusEquals: str({ enum: ENDPOINT_STATUSES }),
  }),
  UpdateEndpoint: struct({
    EndpointName: required(ENTITY_NAME),
    EndpointConfigName: required(ENTITY_NAME),
    RetainAllVariantProperties: bool(),
    ExcludeRetainedVariantProperties: list(
      struct({ VariantPropertyType: required(str({ enum: ["DesiredInstanceCount", "DesiredWeight", "DataCaptureConfig"] })) }),
      { max: 3 },
    ),
    DeploymentConfig: document(),
    RetainDeploymentConfig: bool(),
  }),
  UpdateEndpointWeightsAndCapacities: struct({
    EndpointName: required(ENTITY_NAME),
    DesiredWeightsAndCapacities: required(
      list(
        struct({
          VariantName: required(ENTITY_NAME),
          DesiredWeight: float({ min: 0 }),
          DesiredInstanceCount: int({ min: 0 }),
        }),
        { min: 1, max: 10 },
      ),
    ),
  }),

  AddTags: struct({ ResourceArn: required(RESOURCE_ARN), Tags: required(TAGS) }),
  DeleteTags: struct({ ResourceArn: required(RESOURCE_ARN), TagKeys: required(list(TAG_KEY, { min: 1, max: 50 })) }),
  ListTags: struct({ ResourceArn: required(RESOURCE_ARN), NextToken: NEXT_TOKEN, MaxResults: int({ min: 50, max: 100 }) }),
};
