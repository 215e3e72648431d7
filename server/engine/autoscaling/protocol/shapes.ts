import { bool, float, int, list, map, required, str, struct, timestamp, type Shape } from "../../protocol/shape";

/**
 * Input shapes of Application Auto Scaling's operations, with the constraints of AWS's service
 * model (botocore `data/application-autoscaling/2016-02-06/service-2.json`): required members,
 * enums, lengths and patterns. The MaxResults ranges are the API reference's (1-50; 1-10 for
 * DescribeScalingPolicies), which the model leaves to the documentation.
 */
const SERVICE_NAMESPACES = [
  "ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb", "rds", "sagemaker", "custom-resource", "comprehend", "lambda",
  "cassandra", "kafka", "elasticache", "neptune", "workspaces",
];
const SCALABLE_DIMENSIONS = [
  "ecs:service:DesiredCount", "ec2:spot-fleet-request:TargetCapacity", "elasticmapreduce:instancegroup:InstanceCount",
  "appstream:fleet:DesiredCapacity", "dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits",
  "dynamodb:index:ReadCapacityUnits", "dynamodb:index:WriteCapacityUnits", "rds:cluster:ReadReplicaCount",
  "sagemaker:variant:DesiredInstanceCount", "custom-resource:ResourceType:Property",
  "comprehend:document-classifier-endpoint:DesiredInferenceUnits", "comprehend:entity-recognizer-endpoint:DesiredInferenceUnits",
  "lambda:function:ProvisionedConcurrency", "cassandra:table:ReadCapacityUnits", "cassandra:table:WriteCapacityUnits",
  "kafka:broker-storage:VolumeSize", "elasticache:cache-cluster:Nodes", "elasticache:replication-group:NodeGroups",
  "elasticache:replication-group:Replicas", "neptune:cluster:ReadReplicaCount",
  "sagemaker:variant:DesiredProvisionedConcurrency", "sagemaker:inference-component:DesiredCopyCount",
  "workspaces:workspacespool:DesiredUserSessions",
];
const METRIC_TYPES = [
  "DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization", "ALBRequestCountPerTarget",
  "RDSReaderAverageCPUUtilization", "RDSReaderAverageDatabaseConnections", "EC2SpotFleetRequestAverageCPUUtilization",
  "EC2SpotFleetRequestAverageNetworkIn", "EC2SpotFleetRequestAverageNetworkOut", "SageMakerVariantInvocationsPerInstance",
  "ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "AppStreamAverageCapacityUtilization",
  "ComprehendInferenceUtilization", "LambdaProvisionedConcurrencyUtilization", "CassandraReadCapacityUtilization",
  "CassandraWriteCapacityUtilization", "KafkaBrokerStorageUtilization", "ElastiCacheEngineCPUUtilization",
  "ElastiCacheDatabaseMemoryUsagePercentage", "ElastiCachePrimaryEngineCPUUtilization", "ElastiCacheReplicaEngineCPUUtilization",
  "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage", "NeptuneReaderAverageCPUUtilization",
  "SageMakerVariantProvisionedConcurrencyUtilization", "ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage",
  "SageMakerInferenceComponentInvocationsPerCopy", "WorkSpacesAverageUserSessionsCapacityUtilization",
  "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
  "SageMakerVariantConcurrentRequestsPerModelHighResolution", "ECSServiceAverageCPUUtilizationHighResolution",
  "ECSServiceAverageMemoryUtilizationHighResolution",
];

/** XML's characters, the model's pattern for most strings (astral planes included). */
const XML_CHARS = "[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*";
const RESOURCE_ID = str({ min: 1, max: 1600, pattern: XML_CHARS });
const RESOURCE_IDS = list(RESOURCE_ID, { max: 50 });
const NAMESPACE = str({ enum: SERVICE_NAMESPACES });
const DIMENSION = str({ enum: SCALABLE_DIMENSIONS });
const NEXT_TOKEN = str({ pattern: XML_CHARS });
const CAPACITY = int();
const TARGET = {
  ServiceNamespace: required(NAMESPACE),
  ResourceId: required(RESOURCE_ID),
  ScalableDimension: required(DIMENSION),
};
const listing = (maxResults: number) => ({
  ServiceNamespace: required(NAMESPACE),
  ScalableDimension: DIMENSION,
  MaxResults: int({ min: 1, max: maxResults }),
  NextToken: NEXT_TOKEN,
});

/** Java's \p{Print} (the model's PolicyName pattern) has no JavaScript spelling: length only. */
const POLICY_NAME = str({ min: 1, max: 256 });
const SCHEDULED_ACTION_NAME = str({
  min: 1,
  max: 256,
  pattern: "(?!((^[ ]+.*)|(.*([\\u0000-\\u001f]|[\\u007f-\\u009f]|[:/|])+.*)|(.*[ ]+$))).+",
});

const METRIC_DIMENSIONS = list(struct({ Name: required(str()), Value: required(str()) }));
const TT_STRING = (max: number) => str({ min: 1, max, pattern: XML_CHARS });
const METRIC_DATA_QUERY = struct({
  Id: required(TT_STRING(255)),
  Expression: str({ min: 1, max: 2048, pattern: XML_CHARS }),
  Label: str({ pattern: XML_CHARS }),
  MetricStat: struct({
    Metric: required(
      struct({
        Namespace: TT_STRING(255),
        MetricName: TT_STRING(255),
        Dimensions: list(struct({ Name: required(TT_STRING(255)), Value: required(TT_STRING(1024)) })),
      }),
    ),
    Stat: required(str({ pattern: XML_CHARS })),
    Unit: TT_STRING(1023),
  }),
  ReturnData: bool(),
});

const TARGET_TRACKING = struct({
  TargetValue: required(float()),
  PredefinedMetricSpecification: struct({
    PredefinedMetricType: required(str({ enum: METRIC_TYPES })),
    ResourceLabel: str({ min: 1, max: 1023 }),
  }),
  CustomizedMetricSpecification: struct({
    MetricName: str(),
    Namespace: str(),
    Dimensions: METRIC_DIMENSIONS,
    Statistic: str({ enum: ["Average", "Minimum", "Maximum", "SampleCount", "Sum"] }),
    Unit: str(),
    Metrics: list(METRIC_DATA_QUERY),
  }),
  ScaleOutCooldown: int(),
  ScaleInCooldown: int(),
  DisableScaleIn: bool(),
});

/** Accepted so the refusal can be a sentence (the engine serves target tracking only). */
const STEP_SCALING = struct({
  AdjustmentType: str({ enum: ["ChangeInCapacity", "PercentChangeInCapacity", "ExactCapacity"] }),
  StepAdjustments: list(struct({ MetricIntervalLowerBound: float(), MetricIntervalUpperBound: float(), ScalingAdjustment: required(int()) })),
  MinAdjustmentMagnitude: int(),
  Cooldown: int(),
  MetricAggregationType: str({ enum: ["Average", "Minimum", "Maximum"] }),
});

export const INPUT_SHAPES: Record<string, Shape> = {
  RegisterScalableTarget: struct({
    ...TARGET,
    MinCapacity: CAPACITY,
    MaxCapacity: CAPACITY,
    RoleARN: RESOURCE_ID,
    SuspendedState: struct({ DynamicScalingInSuspended: bool(), DynamicScalingOutSuspended: bool(), ScheduledScalingSuspended: bool() }),
    Tags: map(str({ min: 1, max: 128 }), str({ max: 256 })),
  }),
  DescribeScalableTargets: struct({ ...listing(50), ResourceIds: RESOURCE_IDS }),
  DeregisterScalableTarget: struct(TARGET),

  PutScalingPolicy: struct({
    ...TARGET,
    PolicyName: required(POLICY_NAME),
    PolicyType: str({ enum: ["StepScaling", "TargetTrackingScaling", "PredictiveScaling"] }),
    StepScalingPolicyConfiguration: STEP_SCALING,
    TargetTrackingScalingPolicyConfiguration: TARGET_TRACKING,
    PredictiveScalingPolicyConfiguration: struct({}),
  }),
  DescribeScalingPolicies: struct({ ...listing(10), PolicyNames: RESOURCE_IDS, ResourceId: RESOURCE_ID }),
  DeleteScalingPolicy: struct({ ...TARGET, PolicyName: required(RESOURCE_ID) }),

  DescribeScalingActivities: struct({ ...listing(50), ResourceId: RESOURCE_ID, IncludeNotScaledActivities: bool() }),

  PutScheduledAction: struct({
    ...TARGET,
    ScheduledActionName: required(SCHEDULED_ACTION_NAME),
    Schedule: RESOURCE_ID,
    Timezone: RESOURCE_ID,
    StartTime: timestamp(),
    EndTime: timestamp(),
    ScalableTargetAction: struct({ MinCapacity: CAPACITY, MaxCapacity: CAPACITY }),
  }),
  DescribeScheduledActions: struct({ ...listing(50), ScheduledActionNames: RESOURCE_IDS, ResourceId: RESOURCE_ID }),
  DeleteScheduledAction: struct({ ...TARGET, ScheduledActionName: required(RESOURCE_ID) }),
};
