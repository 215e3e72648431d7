import type { EngineRequest, EngineResponse, ServiceHandler } from "../../http/service-handler";
import type { RuntimeBackend } from "../backend/runtime-backend";
import { invalidHeader, oversizeBody } from "./runtime-errors";

/** InvokeEndpoint's payload limit: 6 MB, counted here as MiB. */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** The service model's constraints on the members that travel in the path and headers. */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const TARGET_MODEL_PATTERN = /^\S[\p{L}\p{N}\p{P}\p{S}\p{Zs}]*$/u;

/**
 * SageMaker runtime's wire layer (restJson1): `POST /endpoints/{EndpointName}/invocations`, the
 * body is the payload, everything else travels in headers. The response carries the model's
 * content type, the variant that answered and the custom attributes back, plus
 * `x-mme-model-cache: hit|miss`, a local-only header (AWS has no such header) that lets the
 * console show cold loads.
 */
export function createRuntimeHandler(backend: RuntimeBackend): ServiceHandler {
  return {
    maxBodyBytes: MAX_INVOKE_PAYLOAD_BYTES,
    payloadTooLarge: (requestId) => oversizeBody(requestId),
    async handle(req: EngineRequest): Promise<EngineResponse> {
      const h = req.headers;
      const endpointName = decodePathLabel(/^\/endpoints\/([^/]+)\/invocations$/.exec(req.path)![1]!);
      check("endpointName", endpointName, 63, NAME_PATTERN);
      const targetModel = h["x-amzn-sagemaker-target-model"];
      const targetVariant = h["x-amzn-sagemaker-target-variant"];
      const customAttributes = h["x-amzn-sagemaker-custom-attributes"];
      if (targetModel !== undefined) check("targetModel", targetModel, 1024, TARGET_MODEL_PATTERN);
      if (targetVariant !== undefined) check("targetVariant", targetVariant, 63, NAME_PATTERN);
      if (customAttributes !== undefined) check("customAttributes", customAttributes, 1024, /^[\x20-\x7e]*$/);

      const out = await backend.invoke({
        requestId: req.requestId,
        endpointName,
        body: req.body,
        contentType: h["content-type"],
        accept: h.accept,
        customAttributes,
        targetModel,
        targetVariant,
      });
      const headers: Record<string, string> = {
        "content-type": out.contentType,
        "x-amzn-invoked-production-variant": out.invokedVariant,
        "x-mme-model-cache": out.cache,
      };
      if (out.customAttributes !== undefined) headers["x-amzn-sagemaker-custom-attributes"] = out.customAttributes;
      return { status: 200, headers, body: Buffer.from(out.body.buffer, out.body.byteOffset, out.body.byteLength) };
    },
  };
}

function decodePathLabel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidHeader("endpointName", raw, "Member must be valid percent-encoded UTF-8");
  }
}

function check(member: string, value: string, maxLength: number, pattern: RegExp): void {
  // Lengths count code points; a string no longer than the limit in UTF-16 units is within it.
  if (value.length > maxLength && [...value].length > maxLength) throw invalidHeader(member, value, `Member must have length less than or equal to ${maxLength}`);
  if (!pattern.test(value)) throw invalidHeader(member, value, `Member must satisfy regular expression pattern: ${pattern.source}`);
}
