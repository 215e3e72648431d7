import "server-only";
import { ZodError } from "zod";
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
  backend_unreachable: 503,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type SdkLikeError = Error & { $fault?: "client" | "server"; $metadata?: { httpStatusCode?: number } };

function isSdkServiceError(e: unknown): e is SdkLikeError {
  return e instanceof Error && typeof (e as SdkLikeError).$fault === "string" && typeof (e as SdkLikeError).$metadata === "object";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EPIPE"]);

function isNetworkError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: string }).code ?? (e.cause as { code?: string } | undefined)?.code;
  return (code !== undefined && NETWORK_CODES.has(code)) || e.name === "TimeoutError";
}

/**
 * Maps anything a handler throws to a status and a JSON body, in a fixed order: invalid input,
 * the console's own errors, AWS service errors (their code and message kept, so the UI shows
 * exactly what SageMaker said), an unreachable backend, and last a generic 500 that leaks nothing.
 */
export function toErrorResponse(e: unknown): { status: number; body: ApiErrorBody } {
  if (e instanceof ZodError) {
    const issues = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = issues[0];
    const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : "Invalid input";
    return { status: 422, body: { error: { code: "unprocessable", message, issues } } };
  }
  if (e instanceof ApiError) {
    return { status: API_ERROR_STATUS[e.code], body: { error: { code: e.code, message: e.message } } };
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
