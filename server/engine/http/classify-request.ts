/**
 * Which service and protocol a request speaks, decided from its method, path and headers alone
 * (never the body), the way AWS's endpoints tell them apart on a single port.
 */
export type ServiceId = "sagemaker" | "sagemaker-runtime" | "cloudwatch" | "s3" | "internal";
export type Protocol = "awsJson1_1" | "awsJson1_0" | "awsQuery" | "restJson1" | "restXml" | "rpcv2Cbor";

export type Route =
  | { kind: "health" }
  /** A target the engine does not serve; answered in `protocol`'s error shape (default awsJson1_1). */
  | { kind: "unknown-target"; target: string; protocol?: Protocol }
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

/**
 * Services spoken over Smithy RPC v2 CBOR, by the shape name of their service (the path segment
 * after /service/). CloudWatch's model lists RPC v2 CBOR first; SDKs that rank it first speak it.
 */
const RPC_V2_CBOR_SERVICES: Readonly<Record<string, ServiceId>> = {
  GraniteServiceVersion20100801: "cloudwatch",
  // The protocol asks services to accept the absolute shape ID too, with `#` written as `.`.
  "com.amazonaws.cloudwatch.GraniteServiceVersion20100801": "cloudwatch",
};
/** Routing reads only the last four segments: a prefix before /service/ is allowed. */
const RPC_V2_PATH = /\/service\/([^/]+)\/operation\/([^/]+)$/;

export function classifyRequest(method: string, path: string, headers: Record<string, string | undefined>): Route {
  // Developer namespace: "_mme" can never be an S3 bucket name (underscores are not allowed).
  if (path === "/_mme/health" && (method === "GET" || method === "HEAD")) return { kind: "health" };
  // What AWS has no API for (which models each instance holds): signed, JSON, never S3.
  if (path.startsWith("/_mme/")) return { kind: "service", service: "internal", protocol: "restJson1" };

  // Checked before X-Amz-Target: an RPC v2 request carrying one is malformed, and its service
  // says so in CBOR.
  const smithyProtocol = headers["smithy-protocol"];
  if (smithyProtocol !== undefined) return classifyRpcV2(path, smithyProtocol.trim());

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

/** `smithy-protocol: rpc-v2-cbor` to a served service, or an unknown one answered in CBOR. */
function classifyRpcV2(path: string, smithyProtocol: string): Route {
  const match = RPC_V2_PATH.exec(path);
  if (!match) return { kind: "unknown-target", target: path, protocol: "rpcv2Cbor" };
  const [, serviceName, operation] = match as unknown as [string, string, string];
  const service = Object.hasOwn(RPC_V2_CBOR_SERVICES, serviceName) ? RPC_V2_CBOR_SERVICES[serviceName] : undefined;
  if (smithyProtocol !== "rpc-v2-cbor" || !service) return { kind: "unknown-target", target: `${serviceName}.${operation}`, protocol: "rpcv2Cbor" };
  return { kind: "service", service, protocol: "rpcv2Cbor", operation };
}
