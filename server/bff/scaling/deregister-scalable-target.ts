import "server-only";
import { DeregisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { currentCapacity, type Capacity } from "@/server/bff/scaling/register-scalable-target";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

/** Deregisters the variant: Application Auto Scaling deletes its policies and scheduled actions with it. The instance count stays where it is. */
export async function deregisterScalableTarget(name: string): Promise<{ previous?: Capacity }> {
  const { resourceId } = await scalableVariant(name);
  const previous = await currentCapacity(resourceId);
  await autoscalingClient().send(new DeregisterScalableTargetCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId }));
  return { previous };
}
