import "server-only";
import { DescribeEndpointCommand } from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { forgetConfigName, rememberConfigName } from "@/server/bff/shared/endpoint-config-name-cache";
import { ApiError } from "@/server/route/api-error";

/** SageMaker answers a missing endpoint (or config, or model) with a ValidationException whose message says so. */
export function isNotFound(e: unknown): boolean {
  return e instanceof Error && e.name === "ValidationException" && /^Could not find/.test(e.message);
}

/**
 * DescribeEndpoint, with SageMaker's "Could not find endpoint" turned into the console's 404.
 * Every answer refreshes the endpoint's cached config name (a missing endpoint forgets it), so
 * the lookups that follow (modelDataLocation) need not describe it again.
 */
export async function describeEndpointOrNotFound(name: string) {
  try {
    const ep = await sagemakerClient().send(new DescribeEndpointCommand({ EndpointName: name }));
    if (ep.EndpointConfigName) rememberConfigName(name, ep.EndpointConfigName);
    return ep;
  } catch (e) {
    if (!isNotFound(e)) throw e;
    forgetConfigName(name);
    throw new ApiError("not_found", `Endpoint "${name}" does not exist`);
  }
}
