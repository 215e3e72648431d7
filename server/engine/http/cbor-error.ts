import type { ServerResponse } from "node:http";
import { isAwsError } from "../aws-error";
import { encodeCbor } from "../protocol/cbor-encode";
import { INTERNAL_FAILURE } from "./aws-json-error";

/**
 * Namespace for errors no service models (signature, unknown operation, internal failure): the
 * protocol wants an absolute shape ID in `__type`, and these come from AWS's request frontend.
 * Guess: the namespace AWS's JSON services use for them; SDKs keep only what follows the `#`.
 */
const FRONTEND_NAMESPACE = "com.amazon.coral.service";

/**
 * Writes an error the Smithy RPC v2 CBOR way: a CBOR map with `__type` (an absolute shape ID,
 * which a service's wire layer puts in the code; others are qualified here) and `message`, the
 * `smithy-protocol` header every response carries, and the error's own headers (CloudWatch's
 * `x-amzn-query-error`). No `x-amzn-errortype`: the protocol says clients ignore it.
 */
export function writeCborError(res: ServerResponse, err: unknown, requestId: string): void {
  const error = isAwsError(err) ? err : INTERNAL_FAILURE;
  if (!isAwsError(err)) console.error(`mme-engine: request ${requestId} failed`, err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const type = error.code.includes("#") ? error.code : `${FRONTEND_NAMESPACE}#${error.code}`;
  const body = encodeCbor({ __type: type, ...(error.body ?? { message: error.message }) });
  res.writeHead(error.httpStatus, {
    ...error.headers,
    "smithy-protocol": "rpc-v2-cbor",
    "content-type": "application/cbor",
    "content-length": body.byteLength,
    "x-amzn-requestid": requestId,
  });
  res.end(body);
}
