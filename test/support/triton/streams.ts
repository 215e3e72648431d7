import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../../fixtures/models/", import.meta.url));

/** A checked-in fixture as the server and CLI read it: a Node file stream turned into a Web stream. */
export function fixtureStream(name: string): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(`${FIXTURES}${name}`)) as ReadableStream<Uint8Array>;
}

/** Bytes as a stream in chunks of `chunk` bytes (1 makes every header straddle chunks). */
export function bytesStream(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

/** A stream that fails after handing out some bytes, as a dropped connection would. */
export function failingStream(bytes: Uint8Array, error = new Error("connection reset")): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(error);
      controller.enqueue(bytes.slice());
      sent = true;
    },
  });
}
