import type { ActivityEnd, ActivityStart, MetricDimension, ScalableTarget, ScalingPolicy, ScheduledAction } from "../types";

/**
 * What the scaler reads and calls: Application Auto Scaling's own backend (its records in AWS's
 * shapes) and, as narrow structural types declared here, SageMaker's endpoints and CloudWatch's
 * GetMetricData. start-engine.ts hands it the real backends; tests can hand it fakes.
 */

/** Application Auto Scaling's backend, as far as the scaler uses it. */
export type ScalingStore = {
  listScalableTargets(): ScalableTarget[];
  listScalingPolicies(resourceId: string): ScalingPolicy[];
  listScheduledActions(resourceId: string): ScheduledAction[];
  setTargetCapacity(resourceId: string, capacity: { min?: number; max?: number }): unknown;
  startActivity(activity: ActivityStart): string;
  endActivity(activityId: string, end: ActivityEnd): void;
  /** Register, deregister, put or delete a policy or scheduled action: the scaler looks again at once. */
  onTargetChange(listener: () => void): unknown;
};

/** SageMaker's endpoint as the scaler needs it (SageMakerBackend.findEndpoint's record fits). */
export type EndpointView = {
  status: string;
  pending: unknown;
  live: { variants: { variantName: string; desiredInstanceCount: number; currentInstanceCount: number }[] } | null;
};

export type ScalableEndpoints = {
  findEndpoint(name: string): EndpointView | undefined;
  updateEndpointWeightsAndCapacities(input: {
    EndpointName: string;
    DesiredWeightsAndCapacities: { VariantName: string; DesiredInstanceCount?: number }[];
  }): unknown;
  /** Heard when a change completes, so an activity ends when SageMaker fulfils it. */
  onEndpointChange(listener: (change: { endpointName: string }) => void): unknown;
};

export type MetricQuery = {
  Id: string;
  MetricStat: { Metric: { Namespace: string; MetricName: string; Dimensions: MetricDimension[] }; Period: number; Stat: string; Unit?: string };
};

/** CloudWatch's GetMetricData, in-process (the engine's own CloudWatch backend). */
export type MetricReader = {
  getMetricData(input: { MetricDataQueries: MetricQuery[]; StartTime: Date; EndTime: Date; ScanBy: "TimestampAscending" }): {
    MetricDataResults: { Id?: string; Timestamps?: Date[]; Values?: number[] }[];
  };
};
