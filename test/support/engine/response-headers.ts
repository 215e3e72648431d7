import type { SageMakerRuntimeClient } from "@aws-sdk/client-sagemaker-runtime";

/**
 * The raw headers of the client's latest response. The SDK's output has no place for headers
 * the service model does not declare (`x-mme-model-cache`), so a middleware keeps them.
 */
export function captureResponseHeaders(client: SageMakerRuntimeClient): () => Record<string, string> {
  let last: Record<string, string> = {};
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      last = (result.response as { headers?: Record<string, string> }).headers ?? {};
      return result;
    },
    { step: "deserialize", name: "captureResponseHeaders" },
  );
  return () => last;
}
