import { notServedHere, unsupportedResource, variantNotFound } from "../protocol/autoscaling-errors";
import type { EndpointLookup } from "./context";
import { SAGEMAKER_NAMESPACE, VARIANT_DIMENSION } from "./types";
import { parseVariantResourceId, type VariantRef } from "./variant-resource-id";

export type TargetKey = { ServiceNamespace: string; ResourceId: string; ScalableDimension: string };

/** The store's key of a target. */
export const storeKey = (k: TargetKey) => ({ ns: k.ServiceNamespace, resourceId: k.ResourceId, dimension: k.ScalableDimension });

/**
 * Refuses what the engine does not scale: another namespace (every Describe* too), another
 * SageMaker dimension, a ResourceId that is not a variant's.
 */
export function checkNamespace(input: { ServiceNamespace: string; ScalableDimension?: string }): void {
  if (input.ServiceNamespace !== SAGEMAKER_NAMESPACE) throw notServedHere(input);
  const dim = input.ScalableDimension;
  if (dim !== undefined && dim !== VARIANT_DIMENSION) {
    // Another service's dimension under sagemaker is AWS's own inconsistency error.
    throw dim.startsWith(`${SAGEMAKER_NAMESPACE}:`) ? notServedHere(input) : unsupportedResource();
  }
}

export function checkTargetKey(key: TargetKey): VariantRef {
  checkNamespace(key);
  const ref = parseVariantResourceId(key.ResourceId);
  if (!ref) throw unsupportedResource();
  return ref;
}

/** The variant must exist now (live, or in the deployment being created). */
export function checkVariantExists(findEndpoint: EndpointLookup, ref: VariantRef): void {
  const endpoint = findEndpoint(ref.endpointName);
  const variants = [...(endpoint?.live?.variants ?? []), ...(endpoint?.pending?.deployment?.variants ?? [])];
  if (!variants.some((v) => v.variantName === ref.variantName)) throw variantNotFound(ref.endpointName, ref.variantName);
}
