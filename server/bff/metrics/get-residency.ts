import "server-only";
import type { CacheSnapshot } from "@/lib/residency-snapshot";
import type { ResidencyView } from "@/lib/schemas/metrics";
import { backendConfig } from "@/server/aws/client-factory";
import { signedEngineGet } from "@/server/aws/signed-engine-get";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { ApiError } from "@/server/route/api-error";

const NOT_ON_AWS =
  "SageMaker does not show which models each instance holds. The LoadedModelCount metric below is the closest it publishes: how many models the instances have loaded.";

/**
 * Which models each instance of an endpoint holds now, with memory and disk against their budgets
 * and recent loads and evictions: the local engine's `GET /_mme/endpoints/{name}/residency`.
 * SageMaker has no such view, so on AWS the answer says so and the page charts LoadedModelCount.
 */
export async function getResidency(endpoint: string): Promise<ResidencyView> {
  await describeEndpointOrNotFound(endpoint);
  const config = backendConfig();
  if (config.kind === "aws") return { available: false, reason: NOT_ON_AWS };
  const res = await signedEngineGet(config, `/_mme/endpoints/${encodeURIComponent(endpoint)}/residency`);
  const body = (await res.json().catch(() => undefined)) as (CacheSnapshot & { message?: string; __type?: string }) | undefined;
  if (!res.ok || !body || !Array.isArray(body.endpoints)) {
    const why = body?.message ?? `the engine answered ${res.status}`;
    throw new ApiError(res.status === 404 ? "not_found" : "internal", `Could not read the residency of "${endpoint}": ${why}`);
  }
  // The route already answers one endpoint; the filter keeps the contract if it ever answers more.
  const mine = body.endpoints.filter((f) => f.endpointName.toLowerCase() === endpoint.toLowerCase());
  return { available: true, snapshot: { at: body.at, endpoints: mine } };
}
