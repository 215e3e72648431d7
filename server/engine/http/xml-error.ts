import type { ServerResponse } from "node:http";
import { isAwsError } from "../aws-error";
import { INTERNAL_FAILURE } from "./aws-json-error";

/** Escapes text content (never attribute values): carriage returns survive as references. */
export const escapeXml = (s: string) => s.replace(/[<>&\r]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "\r": "&#13;" })[c]!);

/** S3 names the error's request in two headers: the request id and the "extended" host id. */
export type S3RequestIds = { requestId: string; hostId: string };

/** CloudWatch's namespace: the query envelope's for a service that names none (CloudWatch predates the choice). */
const MONITORING_XMLNS = "http://monitoring.amazonaws.com/doc/2010-08-01/";

/**
 * Errors in the XML shapes: S3's `<Error>` document (REST-XML, with the error's extra elements,
 * then RequestId and HostId, as S3 orders them) and the awsQuery `<ErrorResponse>` envelope, in
 * the namespace of the service's responses (`xmlns`; CloudWatch's by default, none when null: a
 * service the engine does not serve, whose namespace it does not know).
 */
export function writeXmlError(res: ServerResponse, err: unknown, ids: S3RequestIds, shape: "s3" | "query", xmlns: string | null = MONITORING_XMLNS): void {
  const error = isAwsError(err) ? err : INTERNAL_FAILURE;
  if (!isAwsError(err)) console.error(`mme-engine: request ${ids.requestId} failed`, err);
  const inner = `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`;
  const details = Object.entries(error.details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join("");
  const body =
    shape === "s3"
      ? `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}${details}<RequestId>${ids.requestId}</RequestId><HostId>${ids.hostId}</HostId></Error>`
      : // A service's query errors carry its namespace, as its responses do.
        `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse${xmlns === null ? "" : ` xmlns="${xmlns}"`}><Error><Type>${error.httpStatus >= 500 ? "Receiver" : "Sender"}</Type>${inner}</Error><RequestId>${ids.requestId}</RequestId></ErrorResponse>`;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.httpStatus, {
    ...error.headers,
    "content-type": shape === "s3" ? "application/xml" : "text/xml",
    "content-length": Buffer.byteLength(body),
    ...(shape === "s3" ? { "x-amz-request-id": ids.requestId, "x-amz-id-2": ids.hostId } : { "x-amzn-requestid": ids.requestId }),
  });
  res.end(body);
}
