import "server-only";
import { describeApiError } from "@/lib/errors/describe-error";
import { exampleRequest } from "@/lib/playground/request-builder";
import type { WarmReport } from "@/lib/schemas/alias-release";
import { v2Request } from "@/lib/schemas/invoke";
import { backendConfig } from "@/server/aws/client-factory";
import { signedEnginePost } from "@/server/aws/signed-engine-get";
import { invokeModel } from "@/server/bff/invoke/invoke-model";
import { targetModel } from "@/server/bff/models/registry-keys";
import { readVersionRecord } from "@/server/bff/models/version-record";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { modelDataLocation } from "@/server/bff/shared/model-data-location";
import { ApiError } from "@/server/route/api-error";

/** The engine loads on every instance at once; each load may wait up to the engine's load wait (60 s by default). */
const ENGINE_WARM_TIMEOUT_MS = 120_000;

/** The engine's answer to `POST /_mme/endpoints/{name}/warm`, or its AWS-shaped error. */
type EngineWarmAnswer = {
  Instances?: { VariantName: string; InstanceId: string; Index: number; WasResident: boolean; LoadMs: number }[];
  __type?: string;
  message?: string;
  Message?: string;
};

/**
 * Loads a version on the endpoint's instances before an alias moves to it, so the first requests
 * after the move do not pay the cold load. The local engine loads it on each instance and says so;
 * SageMaker has no such API and routes requests itself, so on AWS the console sends as many
 * requests as there are instances and says what that does and does not prove.
 * Throws `warm_failed` when the version cannot be loaded (the alias must not move).
 */
export async function warmVersion(endpoint: string, model: string, version: number): Promise<WarmReport> {
  const ep = await describeEndpointOrNotFound(endpoint);
  const config = backendConfig();
  if (config.kind === "local") return warmOnEngine(config, endpoint, model, version);
  const instanceCount = (ep.ProductionVariants ?? []).reduce((n, v) => n + (v.CurrentInstanceCount ?? 0), 0);
  return warmByRequests(endpoint, model, version, instanceCount);
}

async function warmOnEngine(config: Parameters<typeof signedEnginePost>[0], endpoint: string, model: string, version: number): Promise<WarmReport> {
  const target = targetModel(model, version);
  const res = await signedEnginePost(config, `/_mme/endpoints/${encodeURIComponent(endpoint)}/warm`, { TargetModel: target }, { timeoutMs: ENGINE_WARM_TIMEOUT_MS }).catch((e: unknown) => {
    if (e instanceof Error && e.name === "TimeoutError") throw cannotWarm(model, version, `the engine did not finish loading it within ${ENGINE_WARM_TIMEOUT_MS / 1000} s`);
    throw e;
  });
  const body = (await res.json().catch(() => undefined)) as EngineWarmAnswer | undefined;
  if (res.ok && Array.isArray(body?.Instances)) {
    const instances = body.Instances.map((i) => ({ variantName: i.VariantName, instanceId: i.InstanceId, index: i.Index, wasResident: i.WasResident, loadMs: i.LoadMs }));
    return { mode: "per-instance", targetModel: target, instances };
  }
  const code = body?.__type ?? res.headers.get("x-amzn-errortype") ?? "";
  const message = body?.message ?? body?.Message ?? `the engine answered ${res.status}`;
  if (res.status === 404) throw new ApiError("not_found", `Endpoint "${endpoint}" does not exist`);
  // InvokeEndpoint's refusals for this target: the model failed, is missing, or took too long to load.
  if (code === "ModelError" || code === "ValidationError" || code === "ModelNotReadyException") throw cannotWarm(model, version, describeApiError({ code, message }).sentence);
  throw new ApiError("internal", `Warming ${model} v${version} on "${endpoint}" failed: ${message}`);
}

/**
 * SageMaker routes each request to an instance of its choosing (one that has the model, when one
 * does), so N requests for N instances load it on at least one: said so in the report's note.
 * Sent with verification's example input, and kept out of the console's per-model series.
 */
async function warmByRequests(endpoint: string, model: string, version: number, instanceCount: number): Promise<WarmReport> {
  const record = await readVersionRecord(await modelDataLocation(endpoint), model, version);
  if (!record) throw new ApiError("not_found", `Version ${version} of "${model}" has no record`);
  const example = exampleRequest(record);
  if ("error" in example) throw cannotWarm(model, version, `no example input can be built from its signature: ${example.error}`);
  const request = v2Request.safeParse(example.request);
  if (!request.success) throw cannotWarm(model, version, `its signature's example input is no request the console sends: ${request.error.issues[0]?.message}`);
  const requests = Math.max(1, instanceCount);
  const input = { model, version, request: request.data };
  const outcomes = await Promise.allSettled(Array.from({ length: requests }, () => invokeModel(endpoint, input, { publishMetrics: false })));
  const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  // The model's own failure means it does not load; anything else (throttling) only if no request got through.
  const modelError = errors.find((e) => e instanceof Error && e.name === "ModelError");
  const failure = modelError ?? (errors.length === requests ? errors[0] : undefined);
  if (failure !== undefined) throw cannotWarm(model, version, reasonOf(failure));
  const failed = errors.length;
  const note =
    `SageMaker routes requests to instances itself, so the console sent ${requests} request${requests === 1 ? "" : "s"} for ${instanceCount} instance${instanceCount === 1 ? "" : "s"}: ` +
    `at least one instance has v${version} loaded; the others may load it on their first request.` +
    (failed > 0 ? ` ${failed} of the requests failed (${reasonOf(errors[0])}).` : "");
  return { mode: "requests", targetModel: targetModel(model, version), instanceCount, requests, failed, note };
}

function reasonOf(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return describeApiError({ code: e.name, message: e.message }).sentence;
  return String(e);
}

function cannotWarm(model: string, version: number, why: string): ApiError {
  return new ApiError("warm_failed", `Could not warm ${model} v${version}: ${why.replace(/\.$/, "")}.`);
}
