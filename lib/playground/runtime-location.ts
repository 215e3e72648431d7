/**
 * Where SageMaker's runtime (InvokeEndpoint) answers for this console: AWS's regional endpoint, or
 * the local engine's URL. The playground's code snippets are written for it.
 */
export type RuntimeLocation = { kind: "aws"; region: string } | { kind: "local"; region: string; url: string };

/** The runtime's base URL: `https://runtime.sagemaker.<region>.amazonaws.com` (`.com.cn` in China), or the engine's. */
export function runtimeBaseUrl(runtime: RuntimeLocation): string {
  if (runtime.kind === "local") return runtime.url.replace(/\/+$/, "");
  const domain = runtime.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://runtime.sagemaker.${runtime.region}.${domain}`;
}

/** InvokeEndpoint's URL: `<base>/endpoints/<name>/invocations`. */
export function invocationsUrl(runtime: RuntimeLocation, endpoint: string): string {
  return `${runtimeBaseUrl(runtime)}/endpoints/${encodeURIComponent(endpoint)}/invocations`;
}
