/**
 * Which service and protocol a request speaks, decided from its method, path and headers (and a
 * presigned URL's credential in the query), never the body, the way AWS's endpoints tell them
 * apart on a single port. Where those leave the service open, the SigV4 credential scope names it.
 */
export type ServiceId = "sagemaker" | "sagemaker-runtime" | "cloudwatch" | "s3" | "sts" | "application-autoscaling" | "internal";
export type Protocol = "awsJson1_1" | "awsJson1_0" | "awsQuery" | "restJson1" | "restXml" | "rpcv2Cbor";

export type Route =
  | { kind: "health" }
  /** A target the engine does not serve; answered in `protocol`'s error shape (default awsJson1_1). */
  | { kind: "unknown-target"; target: string; protocol?: Protocol }
  /**
   * Signed for a service the engine does not serve (its credential scope names it): answered in
   * `protocol`'s error shape with that service's name, never as a signature error about another.
   */
  | { kind: "not-served"; signingName: string; protocol: Protocol }
  | { kind: "service"; service: ServiceId; protocol: Protocol; operation?: string };

/** The SigV4 signing name each service's credential scope must carry. */
export const SIGNING_NAMES: Record<ServiceId, string> = {
  sagemaker: "sagemaker",
  // The runtime's endpoint is runtime.sagemaker.*, but it signs as `sagemaker`.
  "sagemaker-runtime": "sagemaker",
  cloudwatch: "monitoring",
  s3: "s3",
  sts: "sts",
  "application-autoscaling": "application-autoscaling",
  // The engine's own routes are signed like SageMaker's: the console already holds those keys.
  internal: "sagemaker",
};

const TARGET_PREFIXES: readonly { prefix: string; service: ServiceId; protocol: Protocol }[] = [
  { prefix: "SageMaker.", service: "sagemaker", protocol: "awsJson1_1" },
  // Today's JS SDK speaks CloudWatch over awsJson1_0 with this target prefix.
  { prefix: "GraniteServiceVersion20100801.", service: "cloudwatch", protocol: "awsJson1_0" },
  // Application Auto Scaling's model names its service shape AnyScaleFrontendService.
  { prefix: "AnyScaleFrontendService.", service: "application-autoscaling", protocol: "awsJson1_1" },
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

/** The signing names of the services the engine serves; a scope naming any other is "not served". */
const SERVED_SIGNING_NAMES: ReadonlySet<string> = new Set(Object.values(SIGNING_NAMES));

/**
 * The credential scope (Authorization header, or X-Amz-Credential in `rawQuery`) is read only
 * where the path, target and headers leave the service open (a form body, an unknown target,
 * whatever would be S3's); SageMaker, CloudWatch's JSON and the runtime's invocations are decided
 * before it is looked at.
 */
export function classifyRequest(method: string, path: string, headers: Record<string, string | undefined>, rawQuery = ""): Route {
  // Developer namespace: "_mme" can never be an S3 bucket name (underscores are not allowed).
  if (path === "/_mme/health" && (method === "GET" || method === "HEAD")) return { kind: "health" };
  // What AWS has no API for (which models each instance holds): signed, JSON, never S3.
  if (path.startsWith("/_mme/")) return { kind: "service", service: "internal", protocol: "restJson1" };

  // Checked before X-Amz-Target: an RPC v2 request carrying one is malformed, and its service
  // says so in CBOR.
  const smithyProtocol = headers["smithy-protocol"];
  if (smithyProtocol !== undefined) return classifyRpcV2(path, smithyProtocol.trim(), headers, rawQuery);

  const target = headers["x-amz-target"];
  if (target !== undefined) {
    const match = TARGET_PREFIXES.find((t) => target.startsWith(t.prefix));
    if (!match) return notServed(headers, rawQuery, jsonProtocolOf(headers)) ?? { kind: "unknown-target", target };
    return { kind: "service", service: match.service, protocol: match.protocol, operation: target.slice(match.prefix.length) };
  }
  if (method === "POST" && /^\/endpoints\/[^/]+\/invocations$/.test(path)) {
    return { kind: "service", service: "sagemaker-runtime", protocol: "restJson1" };
  }
  // awsQuery: a form body carrying Action=<Op>. CloudWatch (older CLIs and boto3) and STS both
  // speak it; the credential scope tells them apart. A form signed for a served service other than
  // sts, or not signed at all, stays CloudWatch's (which words a wrong scope as it always has).
  if (method === "POST" && path === "/" && (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
    const scope = credentialScopeService(headers, rawQuery);
    if (scope === "sts") return { kind: "service", service: "sts", protocol: "awsQuery" };
    if (scope !== undefined && !SERVED_SIGNING_NAMES.has(scope)) return { kind: "not-served", signingName: scope, protocol: "awsQuery" };
    return { kind: "service", service: "cloudwatch", protocol: "awsQuery" };
  }
  // What nothing above claims is S3's, unless its scope says otherwise: STS also takes its
  // parameters in the query (`GET /?Action=GetCallerIdentity`, presigned as EKS tokens are).
  const scope = credentialScopeService(headers, rawQuery);
  if (scope === "sts") return { kind: "service", service: "sts", protocol: "awsQuery" };
  if (scope !== undefined && !SERVED_SIGNING_NAMES.has(scope)) {
    // A REST service's shape cannot be told from the request: XML if it sent XML, else restJson1.
    return { kind: "not-served", signingName: scope, protocol: (headers["content-type"] ?? "").includes("xml") ? "awsQuery" : "restJson1" };
  }
  return { kind: "service", service: "s3", protocol: "restXml" };
}

/** `smithy-protocol: rpc-v2-cbor` to a served service, or an unknown one answered in CBOR. */
function classifyRpcV2(path: string, smithyProtocol: string, headers: Record<string, string | undefined>, rawQuery: string): Route {
  const match = RPC_V2_PATH.exec(path);
  if (!match) return notServed(headers, rawQuery, "rpcv2Cbor") ?? { kind: "unknown-target", target: path, protocol: "rpcv2Cbor" };
  const [, serviceName, operation] = match as unknown as [string, string, string];
  const service = Object.hasOwn(RPC_V2_CBOR_SERVICES, serviceName) ? RPC_V2_CBOR_SERVICES[serviceName] : undefined;
  if (smithyProtocol !== "rpc-v2-cbor" || !service) {
    return notServed(headers, rawQuery, "rpcv2Cbor") ?? { kind: "unknown-target", target: `${serviceName}.${operation}`, protocol: "rpcv2Cbor" };
  }
  return { kind: "service", service, protocol: "rpcv2Cbor", operation };
}

/** A `not-served` route when the request is signed for a service the engine does not serve. */
function notServed(headers: Record<string, string | undefined>, rawQuery: string, protocol: Protocol): Route | undefined {
  const scope = credentialScopeService(headers, rawQuery);
  return scope !== undefined && !SERVED_SIGNING_NAMES.has(scope) ? { kind: "not-served", signingName: scope, protocol } : undefined;
}

/** awsJson 1.0 or 1.1, as the request's own content type says (ECR sends 1.1, DynamoDB 1.0). */
function jsonProtocolOf(headers: Record<string, string | undefined>): Protocol {
  return (headers["content-type"] ?? "").includes("x-amz-json-1.0") ? "awsJson1_0" : "awsJson1_1";
}

const CREDENTIAL = "Credential=";
const QUERY_CREDENTIAL = /(?:^|&)X-Amz-Credential=([^&]*)/;

/**
 * The service named by the request's SigV4 credential scope (`AKID/20240101/us-east-1/<service>/aws4_request`),
 * read from the Authorization header or a presigned query's X-Amz-Credential, before (and
 * whatever) verification says; undefined when the request carries none. Only routing uses it:
 * verification parses the credential in full.
 */
function credentialScopeService(headers: Record<string, string | undefined>, rawQuery: string): string | undefined {
  let credential: string | undefined;
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const at = authorization.indexOf(CREDENTIAL);
    if (at === -1) return undefined;
    const end = authorization.indexOf(",", at);
    credential = authorization.slice(at + CREDENTIAL.length, end === -1 ? undefined : end).trim();
  } else if (rawQuery.includes("X-Amz-Credential=")) {
    const raw = QUERY_CREDENTIAL.exec(rawQuery)?.[1];
    if (raw === undefined) return undefined;
    try {
      credential = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  } else {
    return undefined;
  }
  const parts = credential.split("/");
  return parts.length === 5 && parts[3] !== "" ? parts[3] : undefined;
}
