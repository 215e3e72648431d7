import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { ChecksumAlgorithm, IncomingData } from "../backend/types";
import { createChecksummer } from "./checksums";

/**
 * Bytes `start`..`end` (inclusive; none when `end < start`) of an open file as an upload's data:
 * UploadPartCopy's part, read from the source object's blob. Hashed as it is read: the part's MD5
 * (its ETag) and, when the upload has a checksum algorithm, that checksum, which S3 computes
 * itself for a copied part. The file is closed once read, or when reading stops early.
 */
export function filePayload(fd: number, start: number, end: number, checksumAlgorithm: ChecksumAlgorithm | undefined): IncomingData {
  const md5 = createHash("md5");
  const checksummer = checksumAlgorithm ? createChecksummer(checksumAlgorithm) : undefined;
  let size = 0;

  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    // With nothing to read the stream would still own the file: an empty range reads a zero-length window.
    const stream = createReadStream("", { fd, start, end: Math.max(start, end), highWaterMark: 1024 * 1024, autoClose: true });
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
    finish() {
      const digest = md5.digest("hex");
      return checksumAlgorithm && checksummer ? { md5: digest, size, checksum: { algorithm: checksumAlgorithm, value: checksummer.digest() } } : { md5: digest, size };
    },
  };
}
