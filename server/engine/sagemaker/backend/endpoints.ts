import { resourceArn } from "./arns";
import type { BackendContext } from "./context";
import { buildDeployment } from "./deployment";
import { alreadyExists, endpointFailed, endpointInProgress, notFound, validation } from "../protocol/sagemaker-errors";
import { listPage, type ListRequest } from "./listing";
import type { Deployment, EndpointRecord, Tag } from "./types";

export type CreateEndpointInput = {
  EndpointName: string;
  EndpointConfigName: string;
  DeploymentConfig?: Record<string, unknown>;
  Tags?: Tag[];
};

export function createEndpoint(ctx: BackendContext, input: CreateEndpointInput) {
  const arn = resourceArn(ctx, "endpoint", input.EndpointName);
  if (ctx.store.getEndpoint(input.EndpointName.toLowerCase())) throw alreadyExists("endpoint", arn);
  const config = ctx.store.getEndpointConfig(input.EndpointConfigName.toLowerCase());
  if (!config) throw notFound("endpoint-config", resourceArn(ctx, "endpoint-config", input.EndpointConfigName));
  const deployment = buildDeployment(ctx, config);

  const now = ctx.now();
  ctx.store.putEndpoint({
    name: input.EndpointName,
    arn,
    status: "Creating",
    creationTime: now,
    lastModifiedTime: now,
    dueAt: now + ctx.transitionMs,
    endpointConfigName: config.name,
    live: null,
    pending: { kind: "create", startTime: now, deployment },
    lastDeploymentConfig: input.DeploymentConfig,
  });
  if (input.Tags?.length) ctx.store.putTags(arn, input.Tags);
  return { EndpointArn: arn };
}

export type UpdateEndpointInput = {
  EndpointName: string;
  EndpointConfigName: string;
  RetainAllVariantProperties?: boolean;
  ExcludeRetainedVariantProperties?: { VariantPropertyType?: string }[];
  DeploymentConfig?: Record<string, unknown>;
  RetainDeploymentConfig?: boolean;
};

export function updateEndpoint(ctx: BackendContext, input: UpdateEndpointInput) {
  const e = getChangeableEndpoint(ctx, input.EndpointName);
  const config = ctx.store.getEndpointConfig(input.EndpointConfigName.toLowerCase());
  if (!config) throw notFound("endpoint-config", resourceArn(ctx, "endpoint-config", input.EndpointConfigName));
  if (config.name.toLowerCase() === e.endpointConfigName.toLowerCase()) {
    throw validation(
      `Cannot update endpoint "${e.arn}" with the endpoint configuration it already uses ("${config.name}"). ` +
        "Create a new endpoint configuration to update the endpoint.",
    );
  }
  const excluded = new Set((input.ExcludeRetainedVariantProperties ?? []).map((p) => p.VariantPropertyType));
  const retainAll = input.RetainAllVariantProperties === true;
  const deployment = buildDeployment(ctx, config, e.live, {
    desiredInstanceCount: retainAll && !excluded.has("DesiredInstanceCount"),
    desiredWeight: retainAll && !excluded.has("DesiredWeight"),
  });

  const now = ctx.now();
  ctx.store.putEndpoint({
    ...e,
    status: "Updating",
    lastModifiedTime: now,
    dueAt: now + ctx.transitionMs,
    pending: { kind: "update", startTime: now, deployment },
    lastDeploymentConfig: input.RetainDeploymentConfig ? e.lastDeploymentConfig : input.DeploymentConfig,
  });
  return { EndpointArn: e.arn };
}

export type UpdateWeightsInput = {
  EndpointName: string;
  DesiredWeightsAndCapacities: { VariantName: string; DesiredWeight?: number; DesiredInstanceCount?: number }[];
};

export function updateEndpointWeightsAndCapacities(ctx: BackendContext, input: UpdateWeightsInput) {
  const e = getChangeableEndpoint(ctx, input.EndpointName);
  const live = e.live as Deployment; // an InService endpoint always has a live deployment
  const byName = new Map(live.variants.map((v) => [v.variantName.toLowerCase(), v]));
  const missing = input.DesiredWeightsAndCapacities.filter((d) => !byName.has(d.VariantName.toLowerCase()));
  if (missing.length > 0) {
    const names = missing.map((d) => d.VariantName).join(", ");
    throw validation(`The variant name(s) [${names}] is/are not present in the endpoint "${e.arn}".`);
  }
  const desired = new Map(input.DesiredWeightsAndCapacities.map((d) => [d.VariantName.toLowerCase(), d]));
  const deployment: Deployment = {
    ...live,
    variants: live.variants.map((v) => {
      const d = desired.get(v.variantName.toLowerCase());
      return d
        ? { ...v, desiredWeight: d.DesiredWeight ?? v.desiredWeight, desiredInstanceCount: d.DesiredInstanceCount ?? v.desiredInstanceCount }
        : v;
    }),
  };
  const now = ctx.now();
  ctx.store.putEndpoint({
    ...e,
    status: "Updating",
    lastModifiedTime: now,
    dueAt: now + ctx.transitionMs,
    pending: { kind: "weights", startTime: now, deployment },
  });
  return { EndpointArn: e.arn };
}

export function deleteEndpoint(ctx: BackendContext, name: string) {
  const e = getEndpoint(ctx, name);
  // A Failed (or InService, or OutOfService) endpoint can be deleted; one mid-change cannot.
  if (e.pending || !["InService", "Failed", "OutOfService"].includes(e.status)) throw endpointInProgress(e.arn);
  const now = ctx.now();
  ctx.store.putEndpoint({
    ...e,
    status: "Deleting",
    lastModifiedTime: now,
    dueAt: now + ctx.transitionMs,
    pending: { kind: "delete", startTime: now },
  });
  // A Deleting endpoint serves nothing more: its instances can let their models go now.
  ctx.changed({ endpointName: e.name, kind: "deleted" });
  return {};
}

export function getEndpoint(ctx: BackendContext, name: string): EndpointRecord {
  const e = ctx.store.getEndpoint(name.toLowerCase());
  if (!e) throw notFound("endpoint", resourceArn(ctx, "endpoint", name));
  return e;
}

/** Only a settled, InService endpoint accepts a change; AWS words the refusals differently. */
function getChangeableEndpoint(ctx: BackendContext, name: string): EndpointRecord {
  const e = getEndpoint(ctx, name);
  if (e.status === "Failed") throw endpointFailed(e.arn);
  if (e.status !== "InService" || e.pending || !e.live) throw endpointInProgress(e.arn);
  return e;
}

export function listEndpoints(ctx: BackendContext, req: ListRequest) {
  const { page, nextToken } = listPage("endpoints", ctx.store.allEndpoints(), req);
  return {
    Endpoints: page.map((e) => ({
      EndpointName: e.name,
      EndpointArn: e.arn,
      CreationTime: new Date(e.creationTime),
      LastModifiedTime: new Date(e.lastModifiedTime),
      EndpointStatus: e.status,
    })),
    NextToken: nextToken,
  };
}
