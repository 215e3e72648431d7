import { checkRequestAgainstConfig } from "@/lib/v2/check-request";
import { decodeInferenceRequest } from "@/lib/v2/inference-request";
import { binaryOutputNames, encodeInferenceResponse } from "@/lib/v2/inference-response";
import type { EncodedBody } from "@/lib/v2/inference-types";
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
  const produced = await model.infer(checked.inputs, checked.outputs.length > 0 ? checked.outputs : undefined);
  const outputs = checked.outputs.length > 0 ? checked.outputs.map((name) => produced.find((t) => t.name === name)!).filter(Boolean) : produced;
  return encodeInferenceResponse(
    { modelName: model.modelName, modelVersion: String(model.version), id: request.id, outputs },
    binaryOutputNames(request, outputs.map((t) => t.name)),
  );
}
