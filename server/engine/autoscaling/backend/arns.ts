import { randomBytes, randomUUID } from "node:crypto";

/**
 * ARNs and names in the forms AWS gives them (API reference examples and PutScalingPolicy's
 * answers): scalable targets under `application-autoscaling`, policies and scheduled actions under
 * the older `autoscaling` service with a UUID, and a target-tracking policy's two CloudWatch alarms.
 */
export type Identity = { region: string; accountId: string };

export const scalableTargetArn = (id: Identity) =>
  `arn:aws:application-autoscaling:${id.region}:${id.accountId}:scalable-target/${randomBytes(18).toString("hex")}`;

export const scalingPolicyArn = (id: Identity, ns: string, resourceId: string, policyName: string) =>
  `arn:aws:autoscaling:${id.region}:${id.accountId}:scalingPolicy:${randomUUID()}:resource/${ns}/${resourceId}:policyName/${policyName}`;

export const scheduledActionArn = (id: Identity, ns: string, resourceId: string, actionName: string) =>
  `arn:aws:autoscaling:${id.region}:${id.accountId}:scheduledAction:${randomUUID()}:resource/${ns}/${resourceId}:scheduledActionName/${actionName}`;

/** The alarm a target-tracking policy scales out on (High) or in on (Low). */
export function targetTrackingAlarm(id: Identity, resourceId: string, side: "High" | "Low") {
  const AlarmName = `TargetTracking-${resourceId}-Alarm${side}-${randomUUID()}`;
  return { AlarmName, AlarmARN: `arn:aws:cloudwatch:${id.region}:${id.accountId}:alarm:${AlarmName}` };
}

/** SageMaker supports service-linked roles: AWS ignores a given RoleARN and shows this one. */
export const sageMakerServiceLinkedRole = (id: Identity) =>
  `arn:aws:iam::${id.accountId}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`;
