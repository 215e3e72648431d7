import "server-only";
import { DescribeEndpointConfigCommand, DescribeModelCommand } from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { cachedConfigName } from "@/server/bff/shared/endpoint-config-name-cache";
import { LruCache } from "@/server/bff/shared/lru-cache";
import { ApiError } from "@/server/route/api-error";

export type ModelDataLocation = { endpoint: string; bucket: string; prefix: string };
type S3Prefix = { bucket: string; prefix: string };

/** Keyed by endpoint config name: SageMaker never changes a config once created, so neither does its location. */
const locations = new LruCache<string, S3Prefix>({ max: 500 });

/**
 * Where an endpoint's models live: the S3 prefix of its MultiModel model (endpoint → its config →
 * the first variant's model → ModelDataUrl). Target models are keys relative to it. Warm, it makes
 * no call: the config name is cached for CONFIG_NAME_TTL_MS and the config's location for good.
 */
export async function modelDataLocation(endpoint: string): Promise<ModelDataLocation> {
  const configName = cachedConfigName(endpoint) ?? (await describeEndpointOrNotFound(endpoint)).EndpointConfigName!;
  let location = locations.get(configName);
  if (!location) {
    location = await describeLocation(endpoint, configName);
    locations.set(configName, location);
  }
  return { endpoint, ...location };
}

async function describeLocation(endpoint: string, configName: string): Promise<S3Prefix> {
  const sm = sagemakerClient();
  const config = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
  const modelName = config.ProductionVariants?.[0]?.ModelName;
  if (!modelName) throw new ApiError("conflict", `Endpoint "${endpoint}" has no model`);
  const model = await sm.send(new DescribeModelCommand({ ModelName: modelName }));
  const container = model.PrimaryContainer ?? model.Containers?.[0];
  if (container?.Mode !== "MultiModel" || !container.ModelDataUrl) {
    throw new ApiError("conflict", `Endpoint "${endpoint}" is not a multi-model endpoint`);
  }
  return parseS3Prefix(container.ModelDataUrl);
}

export function parseS3Prefix(url: string): S3Prefix {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!m) throw new ApiError("conflict", `Model data URL ${url} is not an S3 URL`);
  const prefix = m[2] ?? "";
  return { bucket: m[1]!, prefix: prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/` };
}
