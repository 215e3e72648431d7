import { checkRequestAgainstConfig } from "@/lib/v2/check-request";
import { decodeInferenceRequest } from "@/lib/v2/inference-request";
import { binaryOutputNames, encodeInferenceResponse } from "@/lib/v2/inference-response";
import type { EncodedBody } from "@/lib/v2/inference-types";
import { V2FormatError } from "@/lib/v2/v2-format-error";
import type { InferOptions } from "../../backends/model-backend";
import type { TritonModel } from "./triton-model";

/**
 * What Triton does with one invocation body: decode it (JSON or binary+json), check it against
 * config.pbtxt, run the model, and answer with the requested outputs (all when none are named),
 * each in JSON or binary as asked. Throws V2FormatError or ModelInputError for a request the
 * model refuses.
 */
export async function runInference(model: TritonModel, body: Uint8Array, contentType: string | undefined): Promise<EncodedBody> {
  const request = decodeInferenceRequest(body, contentType);
  const checked = checkRequestAgainstConfig(request, model.config, model.modelName);
  const timeoutMicroseconds = requestTimeout(request.parameters);
  const options: InferOptions = { requestId: request.id || undefined, timeoutMicroseconds };
  const produced = await model.infer(checked.inputs, checked.outputs.length > 0 ? checked.outputs : undefined, options);
  const outputs = checked.outputs.length > 0 ? checked.outputs.map((name) => produced.find((t) => t.name === name)!).filter(Boolean) : produced;
  return encodeInferenceResponse(
    { modelName: model.modelName, modelVersion: String(model.version), id: request.id, outputs },
    binaryOutputNames(request, outputs.map((t) => t.name)),
  );
}

/**
 * The request's `timeout` parameter: microseconds it may wait in the model's queue, which Triton's
 * HTTP front end passes to TRITONSERVER_InferenceRequestSetTimeoutMicroseconds; the queue policy
 * decides whether it counts (dynamic-batcher.ts).
 */
function requestTimeout(parameters: Record<string, unknown> | undefined): number | undefined {
  const timeout = parameters?.timeout;
  if (timeout === undefined) return undefined;
  if (typeof timeout !== "number" || !Number.isSafeInteger(timeout) || timeout < 0) throw new V2FormatError("parameter 'timeout' must be a whole number of microseconds, 0 or more");
  return timeout;
}
