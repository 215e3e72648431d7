import "server-only";
import { InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import type { InvokeInput, InvokeResultView, V2Output } from "@/lib/schemas/invoke";
import { runtimeClient } from "@/server/aws/client-factory";
import { resolveTargetModel } from "@/server/bff/invoke/resolve-target-model";
import { publishInvokeMetrics } from "@/server/bff/metrics/publish-invoke-metrics";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** The local engine says whether a request loaded its model; SageMaker does not (not an AWS header). */
const CACHE_HEADER = "x-mme-model-cache";

/**
 * Invokes one version of a model on an endpoint with a KServe v2 JSON request: resolves the alias
 * (and draws its canary, if one runs), sends InvokeEndpoint with the target model, and times the
 * round trip as the console sees it.
 * `publishMetrics: false` keeps the console's own checks (verification) out of the per-model
 * series it publishes on AWS, which count traffic.
 */
export async function invokeModel(endpoint: string, input: InvokeInput, opts: { publishMetrics?: boolean } = {}): Promise<InvokeResultView> {
  const publish = opts.publishMetrics === false ? () => {} : publishInvokeMetrics;
  const loc = await modelDataLocation(endpoint);
  const { version, targetModel, canary } = await resolveTargetModel(loc, input.model, input);
  const command = new InvokeEndpointCommand({
    EndpointName: endpoint,
    TargetModel: targetModel,
    ContentType: "application/json",
    Accept: "application/json",
    Body: new TextEncoder().encode(JSON.stringify(input.request)),
  });
  let cache: string | undefined;
  // The SDK drops headers its model does not know; read this one off the raw response.
  command.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      cache = (out.response as { headers?: Record<string, string> }).headers?.[CACHE_HEADER];
      return out;
    },
    { step: "deserialize", name: "readModelCacheHeader" },
  );
  const at = new Date();
  const started = performance.now();
  let out;
  try {
    out = await runtimeClient().send(command);
  } catch (e) {
    // Only answers SageMaker gave count: an unreachable endpoint is not an invocation.
    const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status) publish({ endpoint, targetModel, at, roundTripMs: performance.now() - started, status, errorName: (e as Error).name });
    throw e;
  }
  const roundTripMs = performance.now() - started;
  publish({ endpoint, targetModel, at, roundTripMs, status: 200 });
  const text = new TextDecoder().decode(out.Body);
  let parsed: { outputs?: V2Output[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiError("internal", `The endpoint answered ${out.ContentType ?? "a body"} that is not KServe v2 JSON`);
  }
  return {
    model: input.model,
    version,
    alias: input.alias,
    ...(canary ? { canary } : {}),
    targetModel,
    roundTripMs,
    coldLoad: cache === "miss" ? true : cache === "hit" ? false : undefined,
    invokedVariant: out.InvokedProductionVariant,
    outputs: parsed.outputs ?? [],
  };
}
