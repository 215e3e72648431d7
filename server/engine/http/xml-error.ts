import type { ServerResponse } from "node:http";
import { isAwsError } from "../aws-error";
import { INTERNAL_FAILURE } from "./aws-json-error";

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);

/**
 * Errors in the XML shapes: S3's `<Error>` document (REST-XML) and the awsQuery
 * `<ErrorResponse>` envelope (CloudWatch's query protocol).
 */
export function writeXmlError(res: ServerResponse, err: unknown, requestId: string, shape: "s3" | "query"): void {
  const error = isAwsError(err) ? err : INTERNAL_FAILURE;
  if (!isAwsError(err)) console.error(`mme-engine: request ${requestId} failed`, err);
  const inner = `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`;
  const body =
    shape === "s3"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}<RequestId>${requestId}</RequestId></Error>`
      : `<ErrorResponse><Error><Type>${error.httpStatus >= 500 ? "Receiver" : "Sender"}</Type>${inner}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.httpStatus, {
    "content-type": shape === "s3" ? "application/xml" : "text/xml",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": requestId,
    ...(shape === "s3" ? { "x-amz-request-id": requestId } : {}),
  });
  res.end(body);
}
