import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { isAwsError } from "../aws-error";
import { DRAIN_LIMIT_BYTES } from "./read-body";
import { copyHeaders } from "./response-headers";
import { drain } from "./read-stream";
import type { StreamingEngineResponse } from "./service-handler";
import type { S3RequestIds } from "./xml-error";

/**
 * Writing a streaming service's answer: a body stream is piped with backpressure, and a request
 * body left unread is dealt with first so it is never parsed as the next request.
 */
export function writeStreamingResponse(res: ServerResponse, out: StreamingEngineResponse, ids: S3RequestIds, closeAfter: boolean): void {
  const headers = copyHeaders(out.headers);
  headers["x-amz-request-id"] = ids.requestId;
  headers["x-amz-id-2"] = ids.hostId;
  if (closeAfter) headers.connection = "close";
  if (out.body instanceof Readable) {
    res.writeHead(out.status, headers);
    // Backpressure: the file is read only as fast as the client takes it. A client that goes
    // away ends the pipeline, which closes the file.
    pipeline(out.body, res).catch(() => res.destroy());
    return;
  }
  if (out.body === undefined) {
    // An empty answer says so (as S3 does) rather than being sent chunked.
    if (out.status !== 204 && out.status !== 304 && !("content-length" in headers)) headers["content-length"] = 0;
    res.writeHead(out.status, headers);
    res.end();
    return;
  }
  const payload = typeof out.body === "string" ? Buffer.from(out.body) : out.body;
  headers["content-length"] = payload.byteLength;
  res.writeHead(out.status, headers);
  res.end(payload);
}

/**
 * Before an answer, the rest of an unread body is drained when it is small, so the connection
 * can be kept; otherwise (or when the client still waits for 100 Continue) the answer closes it.
 * Returns whether the connection can be kept.
 */
export async function settleUnreadBody(req: IncomingMessage, bodyAccepted: boolean): Promise<boolean> {
  if (req.complete || req.readableEnded) return true;
  if (!bodyAccepted || req.destroyed) return false;
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (!Number.isFinite(declared) || declared > DRAIN_LIMIT_BYTES) return false;
  await drain(req);
  return true;
}

export async function settleBodyBeforeError(req: IncomingMessage, err: unknown, bodyAccepted: boolean): Promise<unknown> {
  const keep = await settleUnreadBody(req, bodyAccepted);
  if (keep) return err;
  if (isAwsError(err)) return err.with({ headers: { connection: "close" } });
  return err;
}
