import type { BackendContext } from "./context";

export type ResourceType = "model" | "endpoint-config" | "endpoint";

/**
 * SageMaker lowercases the resource name in its ARNs (CreateEndpoint "MyEp" returns
 * ".../endpoint/myep"), which is also why names are unique regardless of case.
 */
export function resourceArn(ctx: BackendContext, type: ResourceType, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:${type}/${name.toLowerCase()}`;
}

/** Parses an ARN of this engine's account and region into its resource type and lowercased name. */
export function parseResourceArn(ctx: BackendContext, arn: string): { type: ResourceType; nameKey: string } | undefined {
  const m = /^arn:aws:sagemaker:([^:]*):(\d{12}):(model|endpoint-config|endpoint)\/(.+)$/.exec(arn);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) return undefined;
  return { type: m[3] as ResourceType, nameKey: m[4]!.toLowerCase() };
}
