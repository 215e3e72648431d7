import { resourceArn } from "./arns";
import type { BackendContext } from "./context";
import { notFound } from "../protocol/sagemaker-errors";
import { canEmulateImage, imageFailureReason, resolveImages } from "./image-support";
import type { Deployment, EndpointConfigRecord } from "./types";

export type RetainedProperties = { desiredInstanceCount: boolean; desiredWeight: boolean };
const RETAIN_NOTHING: RetainedProperties = { desiredInstanceCount: false, desiredWeight: false };

/**
 * Builds what an endpoint will run from a configuration and the models it names, copying the
 * models in: SageMaker resolves them when CreateEndpoint or UpdateEndpoint is called, and the
 * endpoint keeps serving them even if they are deleted later.
 */
export function buildDeployment(
  ctx: BackendContext,
  config: EndpointConfigRecord,
  previous?: Deployment | null,
  retain: RetainedProperties = RETAIN_NOTHING,
): Deployment {
  const now = ctx.now();
  return {
    endpointConfigName: config.name,
    variants: config.productionVariants.map((v) => {
      const modelName = v.ModelName ?? "";
      const model = ctx.store.getModel(modelName.toLowerCase());
      if (!model) throw notFound("model", resourceArn(ctx, "model", modelName));
      const containers = model.primaryContainer ? [model.primaryContainer] : (model.containers ?? []);
      const prev = previous?.variants.find((p) => p.variantName.toLowerCase() === v.VariantName.toLowerCase());
      return {
        variantName: v.VariantName,
        modelName: model.name,
        instanceType: v.InstanceType,
        desiredInstanceCount: retain.desiredInstanceCount && prev ? prev.desiredInstanceCount : (v.InitialInstanceCount ?? 1),
        currentInstanceCount: prev?.currentInstanceCount ?? 0,
        desiredWeight: retain.desiredWeight && prev ? prev.desiredWeight : (v.InitialVariantWeight ?? 1),
        currentWeight: prev?.currentWeight ?? 0,
        deployedImages: resolveImages(containers, now),
        containers,
      };
    }),
  };
}

/**
 * Why a deployment cannot come up, in AWS's FailureReason wording, or undefined when it can.
 * Checked when the transition completes, as SageMaker finds out only while provisioning.
 */
export function deploymentFailure(ctx: BackendContext, deployment: Deployment): string | undefined {
  for (const v of deployment.variants) {
    if (v.containers.some((c) => typeof c.Image !== "string" || !canEmulateImage(c.Image))) {
      return imageFailureReason(v.variantName);
    }
    const unreachable = v.containers.findIndex((c) => c.Mode === "MultiModel" && !modelDataReachable(ctx, c.ModelDataUrl));
    if (unreachable !== -1) return modelDataFailureReason(unreachable, v.containers[unreachable]!.ModelDataUrl ?? "");
  }
  return undefined;
}

/**
 * A MultiModel prefix may be empty when the endpoint starts (models are added later), but its
 * bucket must exist: the instances list and download from it.
 */
function modelDataReachable(ctx: BackendContext, url: string | undefined): boolean {
  const bucket = /^s3:\/\/([^/]+)/.exec(url ?? "")?.[1];
  return bucket !== undefined && ctx.modelData.bucketExists(bucket);
}

/** AWS's FailureReason when a container's model data cannot be downloaded (containers count from 1). */
function modelDataFailureReason(index: number, url: string): string {
  return (
    `Failed to download model data for container "container_${index + 1}" from URL: "${url}". ` +
    "Please ensure that there is an object located at the URL and that the role passed to CreateModel has permissions to download the object."
  );
}

/** The deployment once its instances are up: current counts and weights reach the desired ones. */
export function settle(deployment: Deployment): Deployment {
  return {
    ...deployment,
    variants: deployment.variants.map((v) => ({
      ...v,
      currentInstanceCount: v.desiredInstanceCount,
      currentWeight: v.desiredWeight,
    })),
  };
}
