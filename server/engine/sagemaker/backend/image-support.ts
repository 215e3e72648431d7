import { createHash } from "node:crypto";
import { isSageMakerTritonImage } from "@/lib/triton-images";
import type { ContainerDefinition, DeployedImage } from "./types";

/**
 * Which container images the engine can stand in for. It runs models itself rather than pulling
 * images, so it only accepts images whose behaviour it reproduces: SageMaker's Triton images.
 * Anything else fails at deployment, as an image SageMaker cannot pull does on AWS.
 */
const EMULATED_IMAGES: readonly ((image: string) => boolean)[] = [isSageMakerTritonImage];

export function canEmulateImage(image: string): boolean {
  return EMULATED_IMAGES.some((matches) => matches(image));
}

/** AWS's FailureReason when a variant's image cannot be pulled. */
export function imageFailureReason(variantName: string): string {
  return (
    `Please make sure all images included in the model for the production variant ${variantName} exist, ` +
    "and that the execution role used to create the model has permissions to access them."
  );
}

/**
 * DescribeEndpoint reports each image as specified and as resolved to a digest. The engine
 * pulls nothing, so the digest is derived from the image name: stable, and shaped like ECR's.
 */
export function resolveImages(containers: readonly ContainerDefinition[], now: number): DeployedImage[] {
  return containers
    .filter((c): c is ContainerDefinition & { Image: string } => typeof c.Image === "string")
    .map((c) => ({ SpecifiedImage: c.Image, ResolvedImage: resolvedImage(c.Image), ResolutionTime: now }));
}

function resolvedImage(image: string): string {
  if (image.includes("@sha256:")) return image;
  const lastSlash = image.lastIndexOf("/");
  const tagColon = image.indexOf(":", lastSlash + 1);
  const repository = tagColon === -1 ? image : image.slice(0, tagColon);
  return `${repository}@sha256:${createHash("sha256").update(image).digest("hex")}`;
}
