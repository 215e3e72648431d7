import { createHash } from "node:crypto";
import { isAwsError } from "../../../aws-error";
import { readChunks } from "../../../http/read-stream";
import type { StreamingEngineRequest, VerifiedRequest } from "../../../http/service-handler";
import { entityTooLarge } from "../s3-errors";
import type { ChecksumAlgorithm, IncomingData } from "../../backend/types";
import {
  checksumMismatch,
  contentMd5Mismatch,
  contentSha256Mismatch,
  incompleteBody,
  invalidDigest,
  invalidRequest,
  missingContentLength,
} from "../s3-request-errors";
import { AwsChunkedDecoder } from "./aws-chunked";
import { CHECKSUM_ALGORITHMS, checksumHeader, createChecksummer, isValidChecksumValue } from "./checksums";

export type PayloadLimits = {
  /** The largest body the operation takes (5 GiB for PutObject and UploadPart). */
  maxBytes: number;
};

/**
 * The body of an S3 upload as the backend consumes it: decoded from aws-chunked when the
 * client streamed it, and checked in the same pass against everything the client declared:
 * its length, `x-amz-content-sha256` (a hex digest), `Content-MD5`, and one
 * `x-amz-checksum-<algorithm>` sent as a header or as an aws-chunked trailer. Mistakes visible in
 * the headers are refused before the body is read; a body that disagrees with its declarations
 * is refused by `finish()`, after the last byte. Checksums in a presigned URL's query are signed
 * but not checked, as on S3 (the SDK presigns the checksum of an empty body).
 */
export function openPayload(req: StreamingEngineRequest, auth: VerifiedRequest, limits: PayloadLimits): IncomingData {
  const h = req.headers;
  const chunked = auth.payloadHash.startsWith("STREAMING-");
  const declared = declaredLength(h, chunked);
  if (declared !== undefined && declared > limits.maxBytes) throw entityTooLarge(declared, limits.maxBytes);
  const contentMd5 = h["content-md5"];
  if (contentMd5 !== undefined && !/^[A-Za-z0-9+/]{22}==$/.test(contentMd5)) throw invalidDigest(contentMd5);
  const checksum = declaredChecksum(h, chunked);

  const decoder = chunked
    ? new AwsChunkedDecoder(
        auth.payloadHash.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
          ? { seed: auth.seed, accessKeyId: auth.accessKeyId, signedTrailer: auth.payloadHash.endsWith("-TRAILER") }
          : undefined,
      )
    : undefined;
  const md5 = createHash("md5");
  const sha256 = /^[0-9a-f]{64}$/.test(auth.payloadHash) ? createHash("sha256") : undefined;
  const checksummer = checksum ? createChecksummer(checksum.algorithm) : undefined;
  let size = 0;

  async function* chunks(): AsyncGenerator<Buffer, void, undefined> {
    req.acceptBody();
    const source = asIncompleteBody(readChunks(req.body));
    for await (const piece of decoder ? decoder.decode(source) : source) {
      size += piece.length;
      if (size > (declared ?? limits.maxBytes)) throw declared === undefined ? entityTooLarge(size, limits.maxBytes) : incompleteBody();
      md5.update(piece);
      sha256?.update(piece);
      checksummer?.update(piece);
      yield piece;
    }
  }

  return {
    chunks: chunks(),
    finish() {
      if (declared !== undefined && size !== declared) throw incompleteBody();
      if (sha256) {
        const computed = sha256.digest("hex");
        if (computed !== auth.payloadHash) throw contentSha256Mismatch(auth.payloadHash, computed);
      }
      const digest = md5.digest();
      if (contentMd5 !== undefined && digest.toString("base64") !== contentMd5) throw contentMd5Mismatch(contentMd5, digest.toString("base64"));
      if (!checksum || !checksummer) return { md5: digest.toString("hex"), size };
      const value = checksum.value ?? decoder?.trailers.get(checksumHeader(checksum.algorithm));
      if (value === undefined) throw invalidRequest(`The x-amz-trailer header names ${checksumHeader(checksum.algorithm)}, but no such trailer was sent.`);
      if (!isValidChecksumValue(checksum.algorithm, value)) throw invalidRequest(`Value for ${checksumHeader(checksum.algorithm)} trailing header is invalid.`);
      if (checksummer.digest() !== value) throw checksumMismatch(checksum.algorithm);
      return { md5: digest.toString("hex"), size, checksum: { algorithm: checksum.algorithm, value } };
    },
  };
}

/** Reads a small body (an XML document) whole, with the same checks as an upload. */
export async function readSmallBody(req: StreamingEngineRequest, auth: VerifiedRequest, maxBytes: number): Promise<Buffer> {
  const payload = openPayload(req, auth, { maxBytes });
  const parts: Uint8Array[] = [];
  for await (const chunk of payload.chunks) parts.push(chunk);
  payload.finish();
  return Buffer.concat(parts);
}

function declaredLength(h: Record<string, string | undefined>, chunked: boolean): number | undefined {
  const raw = chunked ? h["x-amz-decoded-content-length"] : h["content-length"];
  if (raw === undefined) {
    // S3 needs to know the size up front; an aws-chunked body states it in its own header.
    if (chunked || h["transfer-encoding"] !== undefined) throw missingContentLength();
    return 0;
  }
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw missingContentLength();
  return n;
}

type DeclaredChecksum = { algorithm: ChecksumAlgorithm; value?: string };

function declaredChecksum(h: Record<string, string | undefined>, chunked: boolean): DeclaredChecksum | undefined {
  const inHeaders = CHECKSUM_ALGORITHMS.filter((a) => h[checksumHeader(a)] !== undefined);
  const trailer = chunked ? h["x-amz-trailer"]?.trim().toLowerCase() : undefined;
  const inTrailer = CHECKSUM_ALGORITHMS.find((a) => checksumHeader(a) === trailer);
  if (inHeaders.length + (inTrailer ? 1 : 0) > 1) {
    throw invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
  }
  if (inTrailer) return { algorithm: inTrailer };
  const algorithm = inHeaders[0];
  if (!algorithm) return undefined;
  const value = h[checksumHeader(algorithm)]!;
  if (!isValidChecksumValue(algorithm, value)) throw invalidRequest(`Value for ${checksumHeader(algorithm)} header is invalid.`);
  return { algorithm, value };
}

/** A connection that breaks mid-body is the client's doing: answer IncompleteBody, log nothing. */
async function* asIncompleteBody(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer, void, undefined> {
  try {
    yield* source;
  } catch (err) {
    throw isAwsError(err) ? err : incompleteBody();
  }
}
