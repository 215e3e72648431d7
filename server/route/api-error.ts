import "server-only";
import { ZodError } from "zod";
import { RELEASE_ERROR_STATUS } from "@/lib/schemas/alias-release";
import type { ApiErrorBody } from "@/lib/schemas/endpoint-views";

/** The console's own error codes and the HTTP status each one answers with. */
export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  /** The upstream (AWS, a proxy before it, an S3-compatible store) answered something that is no AWS error. */
  upstream_error: 502,
  /** AWS still throttled after the SDK's own retries: the UI says so and asks again later. */
  throttled: 503,
  backend_unreachable: 503,
  internal: 500,
  /** Refused releases (alias moves, rollbacks, canaries): see lib/schemas/alias-release.ts. */
  ...RELEASE_ERROR_STATUS,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Machine-readable facts beside the message (e.g. an alias's state after a lost race). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type SdkLikeError = Error & { $fault?: "client" | "server"; $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
/** What the SDK attaches to any error that came with an HTTP answer, AWS-shaped or not. */
type WithResponse = Error & { $metadata: { httpStatusCode: number }; $response?: { headers?: Record<string, string | undefined> } };

function isSdkServiceError(e: unknown): e is SdkLikeError {
  return e instanceof Error && typeof (e as SdkLikeError).$fault === "string" && typeof (e as SdkLikeError).$metadata === "object";
}

/** An error thrown after an HTTP answer arrived: the SDK sets `$metadata.httpStatusCode` on it, parsed or not. */
function hasUpstreamStatus(e: unknown): e is WithResponse {
  return e instanceof Error && typeof (e as WithResponse).$metadata?.httpStatusCode === "number";
}

/** The codes AWS services throttle with (SageMaker, CloudWatch's query-compatible name, S3, API Gateway-fronted services). */
const THROTTLING_CODES = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "SlowDown",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ThrottledException",
]);

function isThrottling(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const err = e as SdkLikeError & { Code?: string };
  return (
    THROTTLING_CODES.has(err.name) ||
    (err.Code !== undefined && THROTTLING_CODES.has(err.Code)) ||
    err.$retryable?.throttling === true ||
    (hasUpstreamStatus(e) && e.$metadata.httpStatusCode === 429)
  );
}

/**
 * An answer that is no AWS error: a body that did not parse (a proxy's HTML page, a plain-text
 * "NotImplemented") is a SyntaxError or an XML parse Error carrying `$metadata`, never `$fault`; an
 * empty or unreadable one is a service exception named "Unknown" with the message "UnknownError".
 */
function isUnrecognizedAnswer(e: unknown): e is WithResponse {
  if (!hasUpstreamStatus(e)) return false;
  return !isSdkServiceError(e) || (e.name === "Unknown" && (e.message === "UnknownError" || e.message === ""));
}

function describeUpstream(e: WithResponse): string {
  const status = e.$metadata.httpStatusCode;
  const type = e.$response?.headers?.["content-type"]?.split(";")[0]?.trim();
  const body = type ? `a ${type} body` : "a body";
  return `The AWS backend answered HTTP ${status} with ${body} that is not an AWS error (a proxy or load balancer in the way, or an operation the endpoint does not implement)`;
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EPIPE"]);

function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code ?? (e.cause as { code?: string } | undefined)?.code;
  return (code !== undefined && NETWORK_CODES.has(code)) || e.name === "TimeoutError";
}

/**
 * Maps anything a handler throws to a status and a JSON body, in a fixed order: invalid input,
 * the console's own errors, throttling (503 `throttled`, whatever the service called it), AWS
 * service errors (their code and message kept, so the UI shows exactly what SageMaker said), an
 * answer that is no AWS error (502 `upstream_error` naming the upstream's status), an unreachable
 * backend, and last a generic 500 that leaks nothing.
 */
export function toErrorResponse(e: unknown): { status: number; body: ApiErrorBody } {
  if (e instanceof ZodError) {
    const issues = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = issues[0];
    const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input";
    return { status: 422, body: { error: { code: "unprocessable", message, issues } } };
  }
  if (e instanceof ApiError) {
    return { status: API_ERROR_STATUS[e.code], body: { error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } } };
  }
  if (isThrottling(e)) {
    const err = e as Error;
    const said = isUnrecognizedAnswer(e) ? `HTTP ${e.$metadata.httpStatusCode}` : `${err.name}: ${err.message}`;
    return { status: 503, body: { error: { code: "throttled", message: `AWS is throttling requests (${said}); the console retried and will ask again` } } };
  }
  if (isUnrecognizedAnswer(e)) {
    return { status: 502, body: { error: { code: "upstream_error", message: describeUpstream(e) } } };
  }
  if (isSdkServiceError(e)) {
    const upstream = e.$metadata?.httpStatusCode ?? 500;
    // A 4xx from AWS is the caller's mistake and keeps its status; a 5xx is a bad gateway for us.
    const status = upstream >= 400 && upstream < 500 ? upstream : 502;
    return { status, body: { error: { code: e.name, message: e.message } } };
  }
  if (isNetworkError(e)) {
    return { status: 503, body: { error: { code: "backend_unreachable", message: "The SageMaker backend did not answer. Is the engine running?" } } };
  }
  console.error("[api] unhandled error", e);
  return { status: 500, body: { error: { code: "internal", message: "Internal error" } } };
}
