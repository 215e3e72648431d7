import "server-only";
import { PutScheduledActionCommand } from "@aws-sdk/client-application-auto-scaling";
import type { ScheduledActionInput } from "@/lib/schemas/scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

/** Creates or replaces a scheduled action: at its times it sets the variant's min and/or max. */
export async function putScheduledAction(name: string, input: ScheduledActionInput): Promise<{ name: string }> {
  const { resourceId } = await scalableVariant(name);
  await autoscalingClient().send(
    new PutScheduledActionCommand({
      ...SAGEMAKER_VARIANT,
      ResourceId: resourceId,
      ScheduledActionName: input.name,
      Schedule: input.schedule,
      Timezone: input.timezone,
      ScalableTargetAction: { MinCapacity: input.minCapacity, MaxCapacity: input.maxCapacity },
    }),
  );
  return { name: input.name };
}
