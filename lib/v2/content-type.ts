import { V2FormatError } from "./v2-format-error";

/**
 * SageMaker strips Triton's `Inference-Header-Content-Length` header, so Triton on SageMaker
 * reads the JSON header's length from the content type instead:
 * `application/vnd.sagemaker-triton.binary+json;json-header-size=N`. Anything else is a
 * plain JSON body.
 */
export const TRITON_BINARY_CONTENT_TYPE = "application/vnd.sagemaker-triton.binary+json";
export const JSON_CONTENT_TYPE = "application/json";

export function binaryContentType(jsonHeaderSize: number): string {
  return `${TRITON_BINARY_CONTENT_TYPE};json-header-size=${jsonHeaderSize}`;
}

const BINARY_PREFIX = `${TRITON_BINARY_CONTENT_TYPE};json-header-size=`;
const INT32_MAX = 2 ** 31 - 1;

/**
 * The JSON header's length as SageMaker's Triton reads it (triton-inference-server/server
 * src/sagemaker_server.cc, GetInferenceHeaderLength): a content type that does not contain
 * `application/vnd.sagemaker-triton.binary+json;json-header-size=` (exactly; the notebooks send
 * JSON as application/octet-stream) means the whole body is JSON (undefined); one that has it
 * elsewhere than at its start, or a size that C++'s std::stoi cannot read, or one outside
 * 0..body length, is refused with Triton's words. 0 means a raw binary input.
 */
export function jsonHeaderSizeOf(contentType: string | null | undefined, bodyLength: number): number | undefined {
  const at = contentType ? contentType.indexOf(BINARY_PREFIX) : -1;
  if (at === -1) return undefined;
  if (at !== 0) throw new V2FormatError(`expect MIME type for binary data starts with '${BINARY_PREFIX}', got: ${contentType}`);
  const rest = contentType!.slice(BINARY_PREFIX.length);
  // std::stoi: leading whitespace, an optional sign, then digits up to the first other character.
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(rest);
  if (!m) throw new V2FormatError(`Unable to parse inference header size, got: ${rest}`);
  const size = Number(m[1]);
  if (size > INT32_MAX || size < -INT32_MAX - 1) throw new V2FormatError(`Unable to parse inference header size, value is out of range, got: ${rest}`);
  if (size < 0 || size > bodyLength) throw new V2FormatError(`inference header size should be in range (0, ${bodyLength}), got: ${rest}`);
  return size;
}
