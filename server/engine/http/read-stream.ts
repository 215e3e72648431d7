import type { Readable } from "node:stream";

/**
 * The chunks of a readable stream, pulled one at a time. Unlike `for await (... of stream)`,
 * leaving the loop early (an error found mid-upload) does not destroy the stream: for a request
 * that would close the socket before the error response could be written.
 */
export async function* readChunks(stream: Readable): AsyncGenerator<Buffer, void, undefined> {
  for (;;) {
    let chunk: Buffer | null;
    while ((chunk = stream.read() as Buffer | null) !== null) yield chunk;
    if (stream.readableEnded) return;
    if (stream.destroyed) throw new Error("the request body ended early: the connection was closed");
    await nextEvent(stream);
  }
}

function nextEvent(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off("readable", onReady).off("end", onReady).off("error", onError).off("close", onReady);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    stream.on("readable", onReady).on("end", onReady).on("error", onError).on("close", onReady);
  });
}

/** Reads and discards what is left of a stream, resolving when it ends or breaks. */
export function drain(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.once("end", resolve).once("close", resolve).once("error", () => resolve());
    stream.resume();
  });
}
