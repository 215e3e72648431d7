import "server-only";
import type { Verification } from "@/lib/model-registry";
import { describeApiError } from "@/lib/errors/describe-error";
import { exampleRequest } from "@/lib/playground/request-builder";
import { v2Request } from "@/lib/schemas/invoke";
import type { SignatureView } from "@/lib/schemas/model-views";
import { invokeModel } from "@/server/bff/invoke/invoke-model";
import { describeEndpointOrNotFound } from "@/server/bff/shared/describe-endpoint-or-not-found";
import { ApiError } from "@/server/route/api-error";

/** Statuses in which SageMaker serves InvokeEndpoint (an endpoint being updated keeps serving). */
const SERVING = new Set(["InService", "Updating"]);

const unverified = (reason: string): Verification => ({ status: "unverified", at: new Date().toISOString(), reason });

/**
 * Loads and invokes one version on its endpoint, as any client would: InvokeEndpoint with the
 * target model and the playground's example input for its signature, twice. The first call's round
 * trip is the load time (MME loads a model on its first request, on AWS as on the engine), the
 * second's the latency of a loaded model. Never throws: what went wrong is the outcome.
 */
export async function runVerification(endpoint: string, model: string, version: number, signature: SignatureView): Promise<Verification> {
  try {
    const ep = await describeEndpointOrNotFound(endpoint);
    if (!SERVING.has(ep.EndpointStatus ?? "")) return unverified(`The endpoint is ${ep.EndpointStatus}, not InService; verify again once it is`);
    const example = exampleRequest(signature);
    if ("error" in example) return unverified(`No example input can be built from the signature: ${example.error}`);
    // Parsed as the invoke route parses the playground's request, so both send the same bytes.
    const request = v2Request.safeParse(example.request);
    if (!request.success) return unverified(`The signature's example input is no request the console sends: ${request.error.issues[0]?.message}`);
    const input = { model, version, request: request.data };
    // Out of the console's per-model series on AWS (traffic); SageMaker's own metrics and the engine's count them.
    const first = await invokeModel(endpoint, input, { publishMetrics: false });
    const second = await invokeModel(endpoint, input, { publishMetrics: false });
    return {
      status: "verified",
      at: new Date().toISOString(),
      loadMs: Math.round(first.roundTripMs),
      latencyMs: Math.round(second.roundTripMs),
      coldLoad: first.coldLoad,
      outputs: second.outputs.map((o) => ({ name: o.name, datatype: o.datatype, shape: o.shape })),
    };
  } catch (e) {
    return outcomeOfError(e);
  }
}

/**
 * The model's own error (SageMaker's ModelError, or an answer that is no KServe v2 JSON) means the
 * version does not work: failed, in the words the playground would use. Anything else (throttling,
 * an unreachable endpoint, a version deleted meanwhile) says nothing about the version: unverified.
 */
function outcomeOfError(e: unknown): Verification {
  const at = new Date().toISOString();
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === "ModelError") return { status: "failed", at, error: describeApiError({ code: "ModelError", message }).sentence };
  if (e instanceof ApiError) return e.code === "internal" ? { status: "failed", at, error: message } : unverified(message);
  const name = e instanceof Error ? e.name : "Error";
  const answered = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode !== undefined;
  return unverified(answered ? `InvokeEndpoint answered ${name}: ${message}` : `The endpoint could not be reached: ${message}`);
}
