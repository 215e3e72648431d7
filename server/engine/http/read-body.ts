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
export function readBody(
  req: IncomingMessage,
  /** The request's `content-length` header, if any (the router's flattened headers: not `req.headers`, which Node builds lazily at a cost). */
  contentLength: string | undefined,
  maxBytes: number,
  tooLargeError: (maxBytes: number) => AwsError = tooLarge,
): Promise<Buffer> {
  const declared = Number(contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return refuseDeclared(req, declared, tooLargeError(maxBytes));
  // Not an async function: one returning this promise would add two turns of the microtask queue to every request.
  return new Promise<Buffer>((resolve, reject) => void new BodyReader(req, maxBytes, tooLargeError, resolve, reject));
}

/** A body declared too large: drained (up to the cap) so the client reads the error, then refused. */
async function refuseDeclared(req: IncomingMessage, declared: number, error: AwsError): Promise<never> {
  if (declared <= DRAIN_LIMIT_BYTES) await drain(req);
  throw error;
}

/**
 * One body being read. Its listeners are methods bound once, not closures: the engine runs
 * under tsx, whose esbuild transform (keepNames) wraps each named closure in an
 * `Object.defineProperty` call, a slow runtime path, and this runs for every buffered request.
 */
class BodyReader {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.settle.bind(this, undefined);
  private readonly onError = this.settle.bind(this);
  private readonly onClose = this.closed.bind(this);

  constructor(
    private readonly req: IncomingMessage,
    private readonly maxBytes: number,
    private readonly tooLargeError: (maxBytes: number) => AwsError,
    private readonly resolve: (body: Buffer) => void,
    private readonly reject: (err: Error) => void,
  ) {
    req.on("data", this.onData).on("end", this.onEnd).on("error", this.onError).on("close", this.onClose);
  }

  private data(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total <= this.maxBytes) return void this.chunks.push(chunk);
    this.chunks.length = 0;
    // Past the drain cap the connection is not worth keeping: stop reading and close it.
    if (this.total > DRAIN_LIMIT_BYTES) {
      this.settle(this.tooLargeError(this.maxBytes));
      this.req.destroy();
    }
  }

  private closed(): void {
    this.settle(new Error("the request body ended early: the connection was closed"));
  }

  private settle(err: Error | undefined): void {
    this.req.off("data", this.onData).off("end", this.onEnd).off("error", this.onError).off("close", this.onClose);
    if (err) this.reject(err);
    else if (this.total > this.maxBytes) this.reject(this.tooLargeError(this.maxBytes));
    else this.resolve(this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.total));
  }
}

function tooLarge(maxBytes: number): AwsError {
  return new AwsError("RequestEntityTooLargeException", `Request body is larger than the ${maxBytes} bytes this API accepts.`, 413);
}
