import "server-only";
import { DeleteScheduledActionCommand } from "@aws-sdk/client-application-auto-scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

export async function deleteScheduledAction(name: string, action: string): Promise<{ deleted: string }> {
  const { resourceId } = await scalableVariant(name);
  await autoscalingClient().send(new DeleteScheduledActionCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, ScheduledActionName: action }));
  return { deleted: action };
}
