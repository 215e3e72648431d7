import "server-only";
import type { CacheSnapshot, FleetSnapshot } from "@/lib/residency-snapshot";
import type { ResidencyFleetView, ResidencyView } from "@/lib/schemas/metrics";
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
  const ep = await describeEndpointOrNotFound(endpoint);
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
  const variants = (ep.ProductionVariants ?? []).map((v) => ({ name: v.VariantName ?? "", count: v.CurrentInstanceCount ?? v.DesiredInstanceCount ?? 0 }));
  return { available: true, at: body.at, fleets: everyInstance(variants, mine) };
}

/**
 * Every instance each variant has, as DescribeEndpoint counts them, whether or not the engine has
 * started its cache: the engine starts a variant's caches on its first request, and an update
 * (scaling 1 → 3, say) replaces them, so until the next request the snapshot lists none of them.
 * An instance the engine has not started holds nothing. A fleet of a variant DescribeEndpoint no
 * longer lists (mid-update) is kept as the engine reports it.
 */
export function everyInstance(variants: readonly { name: string; count: number }[], fleets: readonly FleetSnapshot[]): ResidencyFleetView[] {
  const byName = new Map(fleets.map((f) => [f.variantName.toLowerCase(), f]));
  const listed = variants.map((v): ResidencyFleetView => {
    const fleet = byName.get(v.name.toLowerCase());
    byName.delete(v.name.toLowerCase());
    const started = (fleet?.instances ?? []).map((i) => ({ ...i, started: true as const }));
    const next = Math.max(-1, ...started.map((i) => i.index)) + 1;
    const notStarted = Array.from({ length: Math.max(0, v.count - started.length) }, (_, k) => ({ index: next + k, started: false as const }));
    return { variantName: fleet?.variantName ?? v.name, instanceType: fleet?.instanceType, policy: fleet?.policy, instances: [...started, ...notStarted] };
  });
  const others = [...byName.values()].map((f) => ({ variantName: f.variantName, instanceType: f.instanceType, policy: f.policy, instances: f.instances.map((i) => ({ ...i, started: true as const })) }));
  return [...listed, ...others];
}
