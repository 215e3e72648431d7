import "server-only";
import type { DescribeEndpointCommandOutput } from "@aws-sdk/client-sagemaker";
import type { EndpointSummariesView, EndpointSummaryView } from "@/lib/schemas/endpoint-summary";
import { countRegistryModels } from "@/server/bff/endpoints/count-registry-models";
import { invocationsLastDay } from "@/server/bff/endpoints/invocations-last-day";
import { variantInstances } from "@/server/bff/endpoints/variant-instances";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { recordObserved } from "@/server/console-store/endpoint-events";
import { ApiError } from "@/server/route/api-error";

/** Endpoints looked at at once: a page of 50 in a few rounds, without a burst AWS would throttle. */
const CONCURRENCY = 8;

/**
 * The figures a page of the endpoints list shows beside what ListEndpoints says: instances (type ×
 * count), registry models, invocations in the last 24 hours and the failure reason. Asked only for
 * the rows on screen, so a list of thousands costs one ListEndpoints walk plus one page of these.
 * An endpoint deleted meanwhile is `gone`; a figure that cannot be read is left out of its row
 * (a model prefix without a registry, CloudWatch refused) rather than failing the whole page.
 */
export async function summarizeEndpoints(names: readonly string[]): Promise<EndpointSummariesView> {
  const described = await mapLimited(names, CONCURRENCY, (name) =>
    describeEndpointOrNotFound(name).catch((e) => {
      if (e instanceof ApiError && e.code === "not_found") return undefined;
      throw e;
    }),
  );
  const live = names.flatMap((name, i) => (described[i] ? [{ name, ep: described[i] }] : []));
  recordObserved(live.map(({ name, ep }) => ({ name, status: ep.EndpointStatus!, reason: ep.FailureReason })));

  const [details, invocations] = await Promise.all([
    mapLimited(live, CONCURRENCY, ({ name, ep }) => detailsOf(name, ep)),
    invocationsLastDay(live.map(({ name, ep }) => ({ name, variants: (ep.ProductionVariants ?? []).flatMap((v) => (v.VariantName ? [v.VariantName] : [])) }))).catch(
      (e) => {
        console.error("[endpoint-summaries] invocations", e);
        return undefined;
      },
    ),
  ]);

  const summaries: Record<string, EndpointSummaryView> = {};
  for (const name of names) summaries[name] = { name, gone: true, instances: [] };
  live.forEach(({ name }, i) => (summaries[name] = { ...details[i]!, invocations24h: invocations?.get(name) }));
  return { summaries };
}

async function detailsOf(name: string, ep: DescribeEndpointCommandOutput): Promise<EndpointSummaryView> {
  const [instances, models] = await Promise.all([
    variantInstances(ep),
    countRegistryModels(name).catch((e) => {
      // No registry yet is a count of 0 (the listing is just empty); this is a prefix that cannot be listed at all.
      // A bucket that does not exist is the endpoint's own state (often why it failed), not the console's fault: not logged on every refresh.
      if ((e as { name?: string })?.name !== "NoSuchBucket") console.error(`[endpoint-summaries] models of ${name}`, e instanceof Error ? e.message : e);
      return undefined;
    }),
  ]);
  return {
    name,
    failureReason: ep.FailureReason,
    instances,
    modelCount: models?.count,
    ...(models?.capped ? { modelCountCapped: true as const } : {}),
  };
}

/** `fn` over `items`, at most `limit` at a time, answers in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
