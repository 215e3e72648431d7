import "server-only";
import { DescribeEndpointConfigCommand, type DescribeEndpointCommandOutput } from "@aws-sdk/client-sagemaker";
import { sagemakerClient } from "@/server/aws/client-factory";
import { isNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { LruCache } from "@/server/bff/shared/lru-cache";

type ConfiguredVariant = { variantName?: string; instanceType?: string; initialCount?: number };

/** Keyed by config name: SageMaker never changes an endpoint config once created. */
const configs = new LruCache<string, ConfiguredVariant[]>({ max: 2000 });

/**
 * Each variant's instance type (only its config says) and count: the running count, else the one
 * asked for (an endpoint still Creating has no running instances yet, but will have that many).
 */
export async function variantInstances(ep: DescribeEndpointCommandOutput): Promise<{ instanceType?: string; count?: number }[]> {
  const configured = ep.EndpointConfigName ? await configuredVariants(ep.EndpointConfigName) : [];
  const running = ep.ProductionVariants ?? [];
  if (running.length === 0) return configured.map((c) => ({ instanceType: c.instanceType, count: c.initialCount }));
  return running.map((v) => {
    const c = configured.find((x) => x.variantName === v.VariantName);
    return { instanceType: c?.instanceType, count: v.CurrentInstanceCount ?? v.DesiredInstanceCount ?? c?.initialCount };
  });
}

async function configuredVariants(configName: string): Promise<ConfiguredVariant[]> {
  const cached = configs.get(configName);
  if (cached) return cached;
  try {
    const out = await sagemakerClient().send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
    const variants = (out.ProductionVariants ?? []).map((v) => ({ variantName: v.VariantName, instanceType: v.InstanceType, initialCount: v.InitialInstanceCount }));
    configs.set(configName, variants);
    return variants;
  } catch (e) {
    // Deleted out of band: the endpoint still runs, its type is just not known any more.
    if (isNotFound(e)) return [];
    throw e;
  }
}
