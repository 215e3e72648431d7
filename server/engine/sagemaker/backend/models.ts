import { resourceArn } from "./arns";
import type { BackendContext } from "./context";
import { alreadyExists, notFound, validation } from "../protocol/sagemaker-errors";
import { listPage, type ListRequest } from "./listing";
import type { ContainerDefinition, ModelRecord, Tag } from "./types";

export type CreateModelInput = {
  ModelName: string;
  PrimaryContainer?: ContainerDefinition;
  Containers?: ContainerDefinition[];
  ExecutionRoleArn?: string;
  EnableNetworkIsolation?: boolean;
  Tags?: Tag[];
  VpcConfig?: unknown;
  InferenceExecutionConfig?: unknown;
};

export function createModel(ctx: BackendContext, input: CreateModelInput) {
  const arn = resourceArn(ctx, "model", input.ModelName);
  const containers = checkContainers(input);
  if (ctx.store.getModel(input.ModelName.toLowerCase())) throw alreadyExists("model", arn);

  const extra: Record<string, unknown> = {};
  if (input.VpcConfig !== undefined) extra.VpcConfig = input.VpcConfig;
  if (input.InferenceExecutionConfig !== undefined) extra.InferenceExecutionConfig = input.InferenceExecutionConfig;
  const record: ModelRecord = {
    name: input.ModelName,
    arn,
    creationTime: ctx.now(),
    ...(input.PrimaryContainer ? { primaryContainer: containers[0] } : { containers }),
    executionRoleArn: input.ExecutionRoleArn,
    enableNetworkIsolation: input.EnableNetworkIsolation ?? false,
    extra,
  };
  ctx.store.insertModel(record);
  if (input.Tags?.length) ctx.store.putTags(arn, input.Tags);
  return { ModelArn: arn };
}

/** The rules CreateModel applies to containers; returns them with `Mode` defaulted as AWS echoes it. */
function checkContainers(input: CreateModelInput): ContainerDefinition[] {
  if (input.PrimaryContainer && input.Containers) {
    throw validation("Only one of PrimaryContainer or Containers can be specified.");
  }
  const containers = input.PrimaryContainer ? [input.PrimaryContainer] : (input.Containers ?? []);
  if (containers.length === 0) throw validation("Either PrimaryContainer or Containers must be specified.");
  const multiModel = containers.filter((c) => c.Mode === "MultiModel");
  if (multiModel.length > 0 && containers.length > 1) {
    throw validation("More than one container in MultiModel mode is not supported with inference pipeline.");
  }
  for (const c of containers) {
    // ModelPackageName is the other way to name an image; the engine does not host model packages.
    if (c.Image === undefined) throw validation("Image must be specified in the container definition.");
    if (c.Mode === "MultiModel") checkMultiModelDataUrl(c.ModelDataUrl);
  }
  return containers.map((c) => ({ ...c, Mode: c.Mode ?? "SingleModel" }));
}

/**
 * A multi-model container loads `TargetModel` keys relative to ModelDataUrl, so it must name an
 * S3 prefix (s3://bucket/prefix/), never one archive. Requiring the trailing slash is stricter
 * than strictly necessary, so code written against the engine also works on AWS.
 */
function checkMultiModelDataUrl(url: string | undefined): void {
  if (url === undefined) throw validation("ModelDataUrl must be specified for a container in MultiModel mode.");
  const isS3Prefix = /^s3:\/\/[^/]+\/(.*\/)?$/.test(url);
  if (!isS3Prefix) {
    const why = /\.(tar\.gz|tgz)$/i.test(url) ? "not a single model archive" : "ending with a slash";
    throw validation(
      `Invalid ModelDataUrl "${url}" for a container in MultiModel mode: it must be an S3 prefix ` +
        `(for example s3://bucket/models/), ${why}.`,
    );
  }
}

export function describeModel(ctx: BackendContext, name: string) {
  const m = ctx.store.getModel(name.toLowerCase());
  if (!m) throw notFound("model", resourceArn(ctx, "model", name));
  return {
    ModelName: m.name,
    ...(m.primaryContainer ? { PrimaryContainer: m.primaryContainer } : { Containers: m.containers }),
    ExecutionRoleArn: m.executionRoleArn,
    ...m.extra,
    CreationTime: new Date(m.creationTime),
    ModelArn: m.arn,
    EnableNetworkIsolation: m.enableNetworkIsolation,
  };
}

export function listModels(ctx: BackendContext, req: ListRequest) {
  const { page, nextToken } = listPage("models", ctx.store.allModels(), req);
  return {
    Models: page.map((m) => ({ ModelName: m.name, ModelArn: m.arn, CreationTime: new Date(m.creationTime) })),
    NextToken: nextToken,
  };
}

/** AWS deletes a model even while an endpoint uses it; the endpoint keeps its deployed copy. */
export function deleteModel(ctx: BackendContext, name: string) {
  const m = ctx.store.getModel(name.toLowerCase());
  if (!m) throw notFound("model", resourceArn(ctx, "model", name));
  ctx.store.deleteModel(name.toLowerCase());
  ctx.store.deleteAllTags(m.arn);
  return {};
}
