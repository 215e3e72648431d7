import "server-only";
import { DescribeEndpointConfigCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { ApiError } from "@/server/route/api-error";
import { describeEndpointOrNotFound } from "@/server/bff/endpoints/get-endpoint";

export type ModelDataLocation = { endpoint: string; bucket: string; prefix: string };

/**
 * Where an endpoint's models live: the S3 prefix of its MultiModel model (endpoint → its config →
 * the first variant's model → ModelDataUrl). Target models are keys relative to it.
 */
export async function modelDataLocation(endpoint: string): Promise<ModelDataLocation> {
  const sm = sagemakerClient();
  const ep = await describeEndpointOrNotFound(endpoint);
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: ep.EndpointConfigName }));
  const modelName = config.ProductionVariants?.[0]?.ModelName;
  if (!modelName) throw new ApiError("conflict", `Endpoint "${endpoint}" has no model`);
  const model = await sm.send(new DescribeModelCommand({ ModelName: modelName }));
  const container = model.PrimaryContainer ?? model.Containers?.[0];
  if (container?.Mode !== "MultiModel" || !container.ModelDataUrl) {
    throw new ApiError("conflict", `Endpoint "${endpoint}" is not a multi-model endpoint`);
  }
  return { endpoint, ...parseS3Prefix(container.ModelDataUrl) };
}

export function parseS3Prefix(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m) throw new ApiError("conflict", `Model data URL ${url} is not an S3 URL`);
  const prefix = m[2] ?? "";
  return { bucket: m[1]!, prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/` };
}
