/**
 * Application Auto Scaling's records, in the shapes and member names of AWS's API
 * (application-autoscaling 2016-02-06), so the wire layer returns them as they are and the scaler
 * reads what a DescribeX call would show. Times are Dates.
 */

/** The one namespace and dimension the engine scales: a SageMaker variant's instance count. */
export const SAGEMAKER_NAMESPACE = "sagemaker";
export const VARIANT_DIMENSION = "sagemaker:variant:DesiredInstanceCount";

export type SuspendedState = {
  DynamicScalingInSuspended: boolean;
  DynamicScalingOutSuspended: boolean;
  ScheduledScalingSuspended: boolean;
};

export type ScalableTarget = {
  ServiceNamespace: string;
  /** `endpoint/<endpoint>/variant/<variant>`. */
  ResourceId: string;
  ScalableDimension: string;
  MinCapacity: number;
  MaxCapacity: number;
  RoleARN: string;
  CreationTime: Date;
  SuspendedState: SuspendedState;
  ScalableTargetARN: string;
};

export type MetricDimension = { Name: string; Value: string };

export type TargetTrackingMetricStat = {
  Metric: { Namespace?: string; MetricName?: string; Dimensions?: MetricDimension[] };
  Stat: string;
  Unit?: string;
};

export type TargetTrackingMetricDataQuery = {
  Id: string;
  Expression?: string;
  Label?: string;
  MetricStat?: TargetTrackingMetricStat;
  ReturnData?: boolean;
};

export type CustomizedMetricSpecification = {
  MetricName?: string;
  Namespace?: string;
  Dimensions?: MetricDimension[];
  Statistic?: "Average" | "Minimum" | "Maximum" | "SampleCount" | "Sum";
  Unit?: string;
  /** The metric-query form: one query returning data, with a MetricStat (no metric math locally). */
  Metrics?: TargetTrackingMetricDataQuery[];
};

export type TargetTrackingScalingPolicyConfiguration = {
  TargetValue: number;
  PredefinedMetricSpecification?: { PredefinedMetricType: string; ResourceLabel?: string };
  CustomizedMetricSpecification?: CustomizedMetricSpecification;
  ScaleOutCooldown?: number;
  ScaleInCooldown?: number;
  DisableScaleIn?: boolean;
};

export type Alarm = { AlarmName: string; AlarmARN: string };

export type ScalingPolicy = {
  PolicyARN: string;
  PolicyName: string;
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
  /** Only target tracking is served locally (step scaling is refused; see the errors). */
  PolicyType: "TargetTrackingScaling";
  TargetTrackingScalingPolicyConfiguration: TargetTrackingScalingPolicyConfiguration;
  /** AWS's two alarms of a target-tracking policy: [AlarmHigh, AlarmLow]. */
  Alarms: Alarm[];
  CreationTime: Date;
};

export type ScalableTargetAction = { MinCapacity?: number; MaxCapacity?: number };

export type ScheduledAction = {
  ScheduledActionName: string;
  ScheduledActionARN: string;
  ServiceNamespace: string;
  /** `at(yyyy-mm-ddThh:mm:ss)`, `rate(N unit)` or `cron(min hour dom month dow year)`, checked in form only. */
  Schedule: string;
  Timezone?: string;
  ResourceId: string;
  ScalableDimension: string;
  StartTime?: Date;
  EndTime?: Date;
  ScalableTargetAction?: ScalableTargetAction;
  CreationTime: Date;
};

export type ScalingActivityStatus = "Pending" | "InProgress" | "Successful" | "Overridden" | "Unfulfilled" | "Failed";

export type ScalingActivity = {
  ActivityId: string;
  ServiceNamespace: string;
  ResourceId: string;
  ScalableDimension: string;
  Description: string;
  Cause: string;
  StartTime: Date;
  EndTime?: Date;
  StatusCode: ScalingActivityStatus;
  StatusMessage?: string;
  Details?: string;
};

/** What the scaler records when it starts an action (RegisterScalableTarget's own ones too). */
export type ActivityStart = { resourceId: string; description: string; cause: string; details?: string };
export type ActivityEnd = { statusCode: "Successful" | "Failed"; statusMessage: string };

/** A change the scaler hears at once (so a new min/max or policy applies without a period's wait). */
export type TargetChange = {
  resourceId: string;
  kind: "registered" | "deregistered" | "policy-put" | "policy-deleted" | "scheduled-action-put" | "scheduled-action-deleted";
};
