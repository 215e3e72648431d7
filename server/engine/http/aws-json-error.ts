import type { ServerResponse } from "node:http";
import { AwsError, isAwsError } from "../aws-error";

export const INTERNAL_FAILURE = new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);

/**
 * Writes an error the way AWS's JSON protocols do: `{"__type": code, "message": ...}` with the
 * code also in `x-amzn-ErrorType`, which is what the SDKs use to pick the exception class.
 * Anything that is not an AwsError is logged and answered as a 500 InternalFailure that leaks
 * nothing about the engine's internals.
 */
export function writeAwsJsonError(
  res: ServerResponse,
  err: unknown,
  requestId: string,
  contentType = "application/x-amz-json-1.1",
): void {
  const error = isAwsError(err) ? err : INTERNAL_FAILURE;
  if (!isAwsError(err)) console.error(`mme-engine: request ${requestId} failed`, err);
  const body = JSON.stringify({ __type: error.code, ...(error.body ?? { message: error.message }) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.httpStatus, {
    ...error.headers,
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    "x-amzn-errortype": error.code,
  });
  res.end(body);
}
