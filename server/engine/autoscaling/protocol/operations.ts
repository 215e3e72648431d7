import type { AutoScalingBackend } from "../backend/autoscaling-backend";

/**
 * The operations the engine serves (`X-Amz-Target: AnyScaleFrontendService.<name>`), each bound to
 * its backend method. Inputs arrive already checked against `INPUT_SHAPES`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inputs are validated against INPUT_SHAPES first
type Operation = (backend: AutoScalingBackend, input: any) => unknown;

export const OPERATIONS: Record<string, Operation> = {
  RegisterScalableTarget: (b, i) => b.registerScalableTarget(i),
  DescribeScalableTargets: (b, i) => b.describeScalableTargets(i),
  DeregisterScalableTarget: (b, i) => b.deregisterScalableTarget(i),
  PutScalingPolicy: (b, i) => b.putScalingPolicy(i),
  DescribeScalingPolicies: (b, i) => b.describeScalingPolicies(i),
  DeleteScalingPolicy: (b, i) => b.deleteScalingPolicy(i),
  DescribeScalingActivities: (b, i) => b.describeScalingActivities(i),
  PutScheduledAction: (b, i) => b.putScheduledAction(i),
  DescribeScheduledActions: (b, i) => b.describeScheduledActions(i),
  DeleteScheduledAction: (b, i) => b.deleteScheduledAction(i),
};
