import "server-only";
import type { DescribeEndpointCommandOutput } from "@aws-sdk/client-sagemaker";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { ApiError } from "@/server/route/api-error";

/** What every Application Auto Scaling call about a SageMaker variant names. */
export const SAGEMAKER_VARIANT = { ServiceNamespace: "sagemaker", ScalableDimension: "sagemaker:variant:DesiredInstanceCount" } as const;

export function variantResourceId(endpoint: string, variant: string): string {
  return `endpoint/${endpoint}/variant/${variant}`;
}

export type ScalableVariant = { endpoint: DescribeEndpointCommandOutput; variant: string; resourceId: string };

/**
 * The variant the Scaling tab is about: the endpoint's first (the console makes one, AllTraffic).
 * Application Auto Scaling scales variants, one scalable target each.
 */
export async function scalableVariant(name: string): Promise<ScalableVariant> {
  const endpoint = await describeEndpointOrNotFound(name);
  const variant = endpoint.ProductionVariants?.[0]?.VariantName;
  if (!variant) throw new ApiError("conflict", `Endpoint "${name}" has no production variant yet to scale`);
  return { endpoint, variant, resourceId: variantResourceId(name, variant) };
}
