import type { BackendContext } from "./context";
import { getEndpoint } from "./endpoints";
import type { Deployment, DeployedVariant } from "./types";

/**
 * DescribeEndpoint as AWS shows it at each stage: no variants while Creating or once Failed,
 * the serving deployment while Updating (with the new one in PendingDeploymentSummary), and
 * the new desired counts as soon as UpdateEndpointWeightsAndCapacities is accepted.
 */
export function describeEndpoint(ctx: BackendContext, name: string) {
  const e = getEndpoint(ctx, name);
  const pending = e.pending;
  // While weights or capacities change, the live variants already show the new desired values.
  const shown = pending?.kind === "weights" ? mergeDesired(e.live, pending.deployment) : e.live;
  return {
    EndpointName: e.name,
    EndpointArn: e.arn,
    EndpointConfigName: e.endpointConfigName,
    ProductionVariants: shown?.variants.map(variantSummary),
    EndpointStatus: e.status,
    FailureReason: e.failureReason,
    CreationTime: new Date(e.creationTime),
    LastModifiedTime: new Date(e.lastModifiedTime),
    LastDeploymentConfig: e.lastDeploymentConfig,
    PendingDeploymentSummary:
      pending?.kind === "update"
        ? {
            EndpointConfigName: pending.deployment.endpointConfigName,
            ProductionVariants: pending.deployment.variants.map((v) => ({
              VariantName: v.variantName,
              DeployedImages: deployedImages(v),
              DesiredWeight: v.desiredWeight,
              DesiredInstanceCount: v.desiredInstanceCount,
              InstanceType: v.instanceType,
              VariantStatus: [{ Status: "Creating", StartTime: new Date(pending.startTime) }],
            })),
            StartTime: new Date(pending.startTime),
          }
        : undefined,
  };
}

function mergeDesired(live: Deployment | null, next: Deployment): Deployment | null {
  if (!live) return live;
  return {
    ...live,
    variants: live.variants.map((v) => {
      const n = next.variants.find((x) => x.variantName === v.variantName);
      return n ? { ...v, desiredWeight: n.desiredWeight, desiredInstanceCount: n.desiredInstanceCount } : v;
    }),
  };
}

/** AWS's ProductionVariantSummary: no InstanceType (that is only in the pending summary). */
function variantSummary(v: DeployedVariant) {
  return {
    VariantName: v.variantName,
    DeployedImages: deployedImages(v),
    CurrentWeight: v.currentWeight,
    DesiredWeight: v.desiredWeight,
    CurrentInstanceCount: v.currentInstanceCount,
    DesiredInstanceCount: v.desiredInstanceCount,
  };
}

function deployedImages(v: DeployedVariant) {
  return v.deployedImages.map((i) => ({ ...i, ResolutionTime: new Date(i.ResolutionTime) }));
}
