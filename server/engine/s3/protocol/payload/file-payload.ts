import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { ChecksumAlgorithm, IncomingData } from "../../backend/types";
import { createChecksummer } from "./checksums";

/**
 * Bytes `start`..`end` (inclusive; none when `end < start`) of an open file as an upload's data:
 * UploadPartCopy's part, read from the source object's blob. Hashed as it is read: the part's MD5
 * (its ETag) and, when the upload has a checksum algorithm, that checksum, which S3 computes
 * itself for a copied part. The file is closed once read, when reading stops early, or by
 * `close()` (for a caller that failed before reading: idempotent, the stream owns the file).
 */
export function filePayload(fd: number, start: number, end: number, checksumAlgorithm: ChecksumAlgorithm | undefined): IncomingData & { close(): void } {
  const md5 = createHash("md5");
  const checksummer = checksumAlgorithm ? createChecksummer(checksumAlgorithm) : undefined;
  let size = 0;

  // Made now, so that the file has one owner from here on. An empty range still gets a stream (to close the file).
  const stream = createReadStream("", { fd, start, end: Math.max(start, end), highWaterMark: 1024 * 1024, autoClose: true });

  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    if (end < start) {
      stream.destroy();
      return;
    }
    for await (const piece of stream as AsyncIterable<Buffer>) {
      size += piece.length;
      md5.update(piece);
      checksummer?.update(piece);
      yield piece;
    }
  }

  return {
    chunks: chunks(),
    close: () => void stream.destroy(),
    finish() {
      const digest = md5.digest("hex");
      return checksumAlgorithm && checksummer ? { md5: digest, size, checksum: { algorithm: checksumAlgorithm, value: checksummer.digest() } } : { md5: digest, size };
    },
  };
}
