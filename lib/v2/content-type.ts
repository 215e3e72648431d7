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

/**
 * The JSON header's size when `contentType` is the binary+json type, undefined for anything
 * else; null when it is the binary type but the size is missing or not a number.
 */
export function jsonHeaderSizeOf(contentType: string | null | undefined): number | undefined | null {
  if (!contentType) return undefined;
  const [type, ...params] = contentType.split(";").map((p) => p.trim());
  if (type!.toLowerCase() !== TRITON_BINARY_CONTENT_TYPE) return undefined;
  for (const p of params) {
    const eq = p.indexOf("=");
    if (eq === -1 || p.slice(0, eq).trim().toLowerCase() !== "json-header-size") continue;
    const value = p.slice(eq + 1).trim();
    return /^\d{1,15}$/.test(value) ? Number(value) : null;
  }
  return null;
}
