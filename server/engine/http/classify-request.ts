/**
 * Which service and protocol a request speaks, decided from its method, path and headers alone
 * (never the body), the way AWS's endpoints tell them apart on a single port.
 */
export type ServiceId = "sagemaker" | "sagemaker-runtime" | "cloudwatch" | "s3" | "internal";
export type Protocol = "awsJson1_1" | "awsJson1_0" | "awsQuery" | "restJson1" | "restXml";

export type Route =
  | { kind: "health" }
  | { kind: "unknown-target"; target: string }
  | { kind: "service"; service: ServiceId; protocol: Protocol; operation?: string };

/** The SigV4 signing name each service's credential scope must carry. */
export const SIGNING_NAMES: Record<ServiceId, string> = {
  sagemaker: "sagemaker",
  // The runtime's endpoint is runtime.sagemaker.*, but it signs as `sagemaker`.
  "sagemaker-runtime": "sagemaker",
  cloudwatch: "monitoring",
  s3: "s3",
  // The engine's own routes are signed like SageMaker's: the console already holds those keys.
  internal: "sagemaker",
};

const TARGET_PREFIXES: readonly { prefix: string; service: ServiceId; protocol: Protocol }[] = [
  { prefix: "SageMaker.", service: "sagemaker", protocol: "awsJson1_1" },
  // Today's JS SDK speaks CloudWatch over awsJson1_0 with this target prefix.
  { prefix: "GraniteServiceVersion20100801.", service: "cloudwatch", protocol: "awsJson1_0" },
];

export function classifyRequest(method: string, path: string, headers: Record<string, string | undefined>): Route {
  // Developer namespace: "_mme" can never be an S3 bucket name (underscores are not allowed).
  if (path === "/_mme/health" && (method === "GET" || method === "HEAD")) return { kind: "health" };
  // What AWS has no API for (which models each instance holds): signed, JSON, never S3.
  if (path.startsWith("/_mme/")) return { kind: "service", service: "internal", protocol: "restJson1" };

  const target = headers["x-amz-target"];
  if (target !== undefined) {
    const match = TARGET_PREFIXES.find((t) => target.startsWith(t.prefix));
    if (!match) return { kind: "unknown-target", target };
    return { kind: "service", service: match.service, protocol: match.protocol, operation: target.slice(match.prefix.length) };
  }
  if (method === "POST" && /^\/endpoints\/[^/]+\/invocations$/.test(path)) {
    return { kind: "service", service: "sagemaker-runtime", protocol: "restJson1" };
  }
  // Older CLIs and boto3 speak CloudWatch's query protocol: a form body carrying Action=<Op>.
  if (method === "POST" && path === "/" && (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    return { kind: "service", service: "cloudwatch", protocol: "awsQuery" };
  }
  return { kind: "service", service: "s3", protocol: "restXml" };
}
