import "server-only";
import { DescribeScalingPoliciesCommand, PutScalingPolicyCommand } from "@aws-sdk/client-application-auto-scaling";
import { targetTrackingConfig } from "@/lib/scaling/policy-presets";
import type { ScalingPolicySettings } from "@/lib/schemas/scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

/**
 * Creates or replaces a target-tracking policy on the variant (PutScalingPolicy does both, by
 * name). Answers the policy's target value before, if it existed, for the audit log.
 */
export async function putScalingPolicy(name: string, input: ScalingPolicySettings): Promise<{ previousTarget?: number; alarms: string[] }> {
  const { resourceId, variant } = await scalableVariant(name);
  const client = autoscalingClient();
  const before = await client.send(new DescribeScalingPoliciesCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, PolicyNames: [input.name] }));
  const out = await client.send(
    new PutScalingPolicyCommand({
      ...SAGEMAKER_VARIANT,
      ResourceId: resourceId,
      PolicyName: input.name,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: targetTrackingConfig(input, { endpoint: name, variant }),
    }),
  );
  return {
    previousTarget: before.ScalingPolicies?.[0]?.TargetTrackingScalingPolicyConfiguration?.TargetValue,
    alarms: (out.Alarms ?? []).flatMap((a) => (a.AlarmName ? [a.AlarmName] : [])),
  };
}
