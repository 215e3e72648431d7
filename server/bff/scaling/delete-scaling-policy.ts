import "server-only";
import { DeleteScalingPolicyCommand } from "@aws-sdk/client-application-auto-scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

/** Deletes one policy of the variant (and, on AWS, the CloudWatch alarms it made). */
export async function deleteScalingPolicy(name: string, policy: string): Promise<{ deleted: string }> {
  const { resourceId } = await scalableVariant(name);
  await autoscalingClient().send(new DeleteScalingPolicyCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, PolicyName: policy }));
  return { deleted: policy };
}
