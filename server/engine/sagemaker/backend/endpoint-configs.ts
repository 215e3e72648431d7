import { findInstanceType } from "@/lib/instance-types";
import { resourceArn } from "./arns";
import type { BackendContext } from "./context";
import { alreadyExists, notFound, validation } from "../protocol/sagemaker-errors";
import { listPage, type ListRequest } from "./listing";
import type { EndpointConfigRecord, ModelRecord, ProductionVariant, Tag } from "./types";

export type CreateEndpointConfigInput = {
  EndpointConfigName: string;
  ProductionVariants: ProductionVariant[];
  Tags?: Tag[];
  [member: string]: unknown;
};

export function createEndpointConfig(ctx: BackendContext, input: CreateEndpointConfigInput) {
  const arn = resourceArn(ctx, "endpoint-config", input.EndpointConfigName);
  if (ctx.store.getEndpointConfig(input.EndpointConfigName.toLowerCase())) throw alreadyExists("endpoint-config", arn);
  checkVariantNamesUnique(input.ProductionVariants);
  for (const variant of input.ProductionVariants) checkVariant(ctx, variant);

  const { EndpointConfigName, ProductionVariants, Tags, ...extra } = input;
  const record: EndpointConfigRecord = {
    name: EndpointConfigName,
    arn,
    creationTime: ctx.now(),
    // AWS echoes the weight it applies when none is given.
    productionVariants: ProductionVariants.map((v) => ({ ...v, InitialVariantWeight: v.InitialVariantWeight ?? 1 })),
    extra,
  };
  ctx.store.insertEndpointConfig(record);
  if (Tags?.length) ctx.store.putTags(arn, Tags);
  return { EndpointConfigArn: arn };
}

function checkVariantNamesUnique(variants: readonly ProductionVariant[]): void {
  const seen = new Set<string>();
  for (const v of variants) {
    const key = v.VariantName.toLowerCase();
    if (seen.has(key)) throw validation(`Duplicate VariantName "${v.VariantName}" in ProductionVariants.`);
    seen.add(key);
  }
}

/** Rules beyond the service model's member constraints, checked against the models the variant names. */
function checkVariant(ctx: BackendContext, v: ProductionVariant): void {
  // The engine hosts instance-based variants only (no serverless, no inference components).
  if (v.ModelName === undefined) throw validation(`ModelName must be specified for production variant ${v.VariantName}.`);
  if (v.InstanceType === undefined || v.InitialInstanceCount === undefined) {
    throw validation(`InstanceType and InitialInstanceCount must be specified for production variant ${v.VariantName}.`);
  }
  const model = ctx.store.getModel(v.ModelName.toLowerCase());
  if (!model) throw notFound("model", resourceArn(ctx, "model", v.ModelName));
  // GPU multi-model endpoints run one Triton server sharing a single GPU: SageMaker refuses
  // multi-GPU instance types for them (CPU types stay valid), with this wording.
  const gpus = findInstanceType(v.InstanceType)?.gpus ?? 0;
  if (isMultiModel(model) && gpus > 1) throw validation(`MultiModel mode is not supported for instance type ${v.InstanceType}.`);
}

export function isMultiModel(model: ModelRecord): boolean {
  return (model.primaryContainer ? [model.primaryContainer] : (model.containers ?? [])).some((c) => c.Mode === "MultiModel");
}

export function describeEndpointConfig(ctx: BackendContext, name: string) {
  const c = ctx.store.getEndpointConfig(name.toLowerCase());
  if (!c) throw notFound("endpoint-config", resourceArn(ctx, "endpoint-config", name));
  return {
    EndpointConfigName: c.name,
    EndpointConfigArn: c.arn,
    ProductionVariants: c.productionVariants,
    ...c.extra,
    CreationTime: new Date(c.creationTime),
  };
}

export function listEndpointConfigs(ctx: BackendContext, req: ListRequest) {
  const { page, nextToken } = listPage("endpoint-configs", ctx.store.allEndpointConfigs(), req);
  return {
    EndpointConfigs: page.map((c) => ({
      EndpointConfigName: c.name,
      EndpointConfigArn: c.arn,
      CreationTime: new Date(c.creationTime),
    })),
    NextToken: nextToken,
  };
}

/** AWS deletes a configuration even while an endpoint uses it; the endpoint keeps running. */
export function deleteEndpointConfig(ctx: BackendContext, name: string) {
  const c = ctx.store.getEndpointConfig(name.toLowerCase());
  if (!c) throw notFound("endpoint-config", resourceArn(ctx, "endpoint-config", name));
  ctx.store.deleteEndpointConfig(name.toLowerCase());
  ctx.store.deleteAllTags(c.arn);
  return {};
}
