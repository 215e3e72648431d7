import type { DeployedVariant, EndpointRecord } from "../../sagemaker/backend/types";
import { endpointNotFound, endpointNotInService, missingTargetModel, targetModelNotSupported, variantNotFound } from "../protocol/runtime-errors";
import { parseS3Url } from "./model-data-url";

/** Statuses in which an endpoint has a deployment serving traffic. */
const SERVING = new Set(["InService", "Updating", "SystemUpdating", "RollingBack"]);

export type InvocationTarget = {
  endpointName: string;
  variant: DeployedVariant;
  /** What the instance's cache is keyed by: the TargetModel (MME) or the model data URL. */
  cacheKey: string;
  /** The name errors and metrics use for the model. */
  targetModel: string;
  bucket: string;
  objectKey: string;
};

export type TargetRequest = { requestId: string; endpointName: string; targetModel?: string; targetVariant?: string };

/**
 * Which variant and which model artifact an invocation reaches, with SageMaker's refusals: no
 * such endpoint, not serving, a TargetModel on a single-model endpoint or none on an MME. A
 * variant is picked by its weight unless TargetVariant names one.
 */
export function resolveTarget(endpoint: EndpointRecord | undefined, req: TargetRequest, accountId: string, random = Math.random): InvocationTarget {
  if (!endpoint) throw endpointNotFound(req.endpointName, accountId);
  if (!endpoint.live || !SERVING.has(endpoint.status)) throw endpointNotInService(req.endpointName, accountId, endpoint.status);
  const variant = pickVariant(endpoint.live.variants, req, random);
  const container = variant.containers[0];
  const location = parseS3Url(container?.ModelDataUrl);
  const multiModel = container?.Mode === "MultiModel";

  if (!multiModel) {
    if (req.targetModel !== undefined) throw targetModelNotSupported(req.endpointName);
    // The deploy step already checked the bucket; a single model is its ModelDataUrl object.
    const url = container?.ModelDataUrl ?? "";
    return { endpointName: endpoint.name, variant, cacheKey: url, targetModel: url, bucket: location?.bucket ?? "", objectKey: location?.key ?? "" };
  }
  if (req.targetModel === undefined || req.targetModel === "") throw missingTargetModel(req.requestId);
  return {
    endpointName: endpoint.name,
    variant,
    cacheKey: req.targetModel,
    targetModel: req.targetModel,
    bucket: location?.bucket ?? "",
    // TargetModel is relative to the model's S3 prefix (which ends with "/").
    objectKey: `${location?.key ?? ""}${req.targetModel}`,
  };
}

function pickVariant(variants: DeployedVariant[], req: TargetRequest, random: () => number): DeployedVariant {
  if (req.targetVariant !== undefined) {
    const named = variants.find((v) => v.variantName.toLowerCase() === req.targetVariant!.toLowerCase());
    if (!named) throw variantNotFound(req.targetVariant, req.endpointName);
    return named;
  }
  const total = variants.reduce((n, v) => n + Math.max(0, v.currentWeight), 0);
  if (total <= 0) return variants[0]!;
  let r = random() * total;
  for (const v of variants) {
    r -= Math.max(0, v.currentWeight);
    if (r < 0) return v;
  }
  return variants[variants.length - 1]!;
}
