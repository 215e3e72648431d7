import { randomUUID } from "node:crypto";
import type { BackendContext } from "./context";
import { pageOf } from "./page-token";
import { checkNamespace } from "./target-key";
import { SAGEMAKER_NAMESPACE, VARIANT_DIMENSION, type ActivityEnd, type ActivityStart, type ScalingActivity } from "./types";

/** AWS keeps scaling activities for six weeks. */
const RETENTION_MS = 6 * 7 * 24 * 3600 * 1000;

/** Records an activity the scaler has started (StatusCode InProgress); returns its ActivityId. */
export function startActivity(ctx: BackendContext, start: ActivityStart): string {
  const now = ctx.now();
  const activity: ScalingActivity = {
    ActivityId: randomUUID(),
    ServiceNamespace: SAGEMAKER_NAMESPACE,
    ResourceId: start.resourceId,
    ScalableDimension: VARIANT_DIMENSION,
    Description: start.description,
    Cause: start.cause,
    StartTime: now,
    StatusCode: "InProgress",
    ...(start.details !== undefined ? { Details: start.details } : {}),
  };
  ctx.store.pruneActivitiesBefore(now.getTime() - RETENTION_MS);
  ctx.store.insertActivity(activity);
  return activity.ActivityId;
}

/** Ends an activity with its outcome; an unknown or already ended one is a bug in the caller. */
export function endActivity(ctx: BackendContext, activityId: string, end: ActivityEnd): void {
  const activity = ctx.store.getActivity(activityId);
  if (!activity) throw new Error(`No scaling activity ${activityId}`);
  if (activity.EndTime) throw new Error(`Scaling activity ${activityId} has already ended`);
  ctx.store.updateActivity({ ...activity, StatusCode: end.statusCode, StatusMessage: end.statusMessage, EndTime: ctx.now() });
}

export type DescribeScalingActivitiesInput = {
  ServiceNamespace: string;
  ResourceId?: string;
  ScalableDimension?: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeNotScaledActivities?: boolean;
};

/** Newest first, as AWS lists them. The engine records no not-scaled activities. */
export function describeScalingActivities(ctx: BackendContext, input: DescribeScalingActivitiesInput) {
  checkNamespace(input);
  const rows = ctx.store.listActivities({ ns: input.ServiceNamespace, dimension: input.ScalableDimension, resourceId: input.ResourceId });
  const page = pageOf(rows, input, { defaultMaxResults: 50, newestFirst: true });
  return { ScalingActivities: page.records, NextToken: page.NextToken };
}
