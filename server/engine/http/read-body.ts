import type { IncomingMessage } from "node:http";
import { AwsError } from "../aws-error";
import { drain } from "./read-stream";

/** Past this, the engine stops reading and closes the connection instead of draining it. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the whole request body, refusing more than `maxBytes`. An oversized body is drained
 * (up to a hard cap) before the error is sent, so the client reads a proper error response
 * instead of a reset connection.
 */
export async function readBody(req: IncomingMessage, maxBytes: number, tooLargeError: (maxBytes: number) => AwsError = tooLarge): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    if (declared <= DRAIN_LIMIT_BYTES) await drain(req);
    throw tooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      over = true;
      if (total > DRAIN_LIMIT_BYTES) break;
      continue;
    }
    chunks.push(chunk);
  }
  if (over) throw tooLargeError(maxBytes);
  return Buffer.concat(chunks, total);
}

function tooLarge(maxBytes: number): AwsError {
  return new AwsError("RequestEntityTooLargeException", `Request body is larger than the ${maxBytes} bytes this API accepts.`, 413);
}
