import "server-only";
import { DescribeScalableTargetsCommand, RegisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import type { ScalableTargetInput } from "@/lib/schemas/scaling";
import { autoscalingClient } from "@/server/aws/client-factory";
import { SAGEMAKER_VARIANT, scalableVariant } from "@/server/bff/scaling/scalable-variant";

export type Capacity = { minCapacity: number; maxCapacity: number };

/** The variant's scalable target's min and max now, if it is registered (for the audit's "min 1 → 2"). */
export async function currentCapacity(resourceId: string): Promise<Capacity | undefined> {
  const out = await autoscalingClient().send(new DescribeScalableTargetsCommand({ ...SAGEMAKER_VARIANT, ResourceIds: [resourceId] }));
  const t = out.ScalableTargets?.[0];
  return t ? { minCapacity: t.MinCapacity ?? 0, maxCapacity: t.MaxCapacity ?? 0 } : undefined;
}

/**
 * Registers the endpoint's variant as a scalable target, or changes its min and max (the same
 * call does both). Answers what it was before, for the audit log.
 */
export async function registerScalableTarget(name: string, input: ScalableTargetInput): Promise<{ resourceId: string; previous?: Capacity }> {
  const { resourceId } = await scalableVariant(name);
  const previous = await currentCapacity(resourceId);
  await autoscalingClient().send(new RegisterScalableTargetCommand({ ...SAGEMAKER_VARIANT, ResourceId: resourceId, MinCapacity: input.minCapacity, MaxCapacity: input.maxCapacity }));
  return { resourceId, previous };
}
