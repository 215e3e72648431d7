import type { IncomingMessage } from "node:http";
import { AwsError } from "../aws-error";
import { drain } from "./read-stream";

/** Past this, the engine stops reading and closes the connection instead of draining it. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the whole request body, refusing more than `maxBytes`. An oversized body is drained
 * (up to a hard cap) before the error is sent, so the client reads a proper error response
 * instead of a reset connection. Plain `data` events rather than an async iterator: this is on
 * every buffered request's path, and a small body has usually arrived with its headers.
 */
export async function readBody(
  req: IncomingMessage,
  /** The request's `content-length` header, if any (the router's flattened headers: not `req.headers`, which Node builds lazily at a cost). */
  contentLength: string | undefined,
  maxBytes: number,
  tooLargeError: (maxBytes: number) => AwsError = tooLarge,
): Promise<Buffer> {
  const declared = Number(contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (declared <= DRAIN_LIMIT_BYTES) await drain(req);
    throw tooLargeError(maxBytes);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (err: Error | undefined) => {
      req.off("data", onData).off("end", onEnd).off("error", settle).off("close", onClose);
      if (err) reject(err);
      else if (total > maxBytes) reject(tooLargeError(maxBytes));
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      // Past the drain cap the connection is not worth keeping: stop reading and close it.
      if (total > DRAIN_LIMIT_BYTES) {
        settle(tooLargeError(maxBytes));
        req.destroy();
      }
    };
    const onEnd = () => settle(undefined);
    const onClose = () => settle(new Error("the request body ended early: the connection was closed"));
    req.on("data", onData).on("end", onEnd).on("error", settle).on("close", onClose);
  });
}

function tooLarge(maxBytes: number): AwsError {
  return new AwsError("RequestEntityTooLargeException", `Request body is larger than the ${maxBytes} bytes this API accepts.`, 413);
}
