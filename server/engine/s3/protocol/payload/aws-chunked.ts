import { createHash, createHmac, timingSafeEqual, type Hash } from "node:crypto";
import { signatureDoesNotMatch } from "../s3-auth-errors";
import type { SigningSeed } from "../../../http/sigv4-types";
import { incompleteBody, invalidRequest } from "../s3-request-errors";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const MAX_LINE_BYTES = 4096;
const CRLF = Buffer.from("\r\n");

/** When the payload is `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`: the chain to check. */
export type ChunkSigning = { seed: SigningSeed; accessKeyId: string; signedTrailer: boolean };

/**
 * Decodes S3's `aws-chunked` content encoding, which the SDKs use to stream uploads of unknown
 * or large size: `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` repeated, a zero-size chunk,
 * then trailing headers (`x-amz-checksum-crc32:<b64>`) and an empty line. Signed chunks form a
 * chain from the request's own signature; each is verified as it completes, so a tampered chunk
 * stops the upload there. Data is yielded as slices of the received buffers (no copies).
 */
export class AwsChunkedDecoder {
  /** Trailing headers, lowercased names, available once decoding has finished. */
  readonly trailers = new Map<string, string>();
  private previousSignature: string | undefined;

  constructor(private readonly signing?: ChunkSigning) {
    this.previousSignature = signing?.seed.signature;
  }

  async *decode(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer, void, undefined> {
    let state: "header" | "data" | "data-end" | "trailer" | "done" = "header";
    let pending = Buffer.alloc(0);
    let remaining = 0;
    let chunkSignature: string | undefined;
    let chunkHash: Hash | undefined;
    const trailerLines: string[] = [];

    for await (const received of source) {
      let buf = pending.length > 0 ? Buffer.concat([pending, received]) : received;
      pending = Buffer.alloc(0);
      while (buf.length > 0) {
        if (state === "data") {
          const take = Math.min(remaining, buf.length);
          const slice = buf.subarray(0, take);
          chunkHash?.update(slice);
          remaining -= take;
          buf = buf.subarray(take);
          if (remaining === 0) state = "data-end";
          yield slice;
          continue;
        }
        if (state === "data-end") {
          if (buf.length < 2) break;
          if (!buf.subarray(0, 2).equals(CRLF)) throw malformed("a chunk is longer than its declared size");
          buf = buf.subarray(2);
          this.verifyChunk(chunkSignature, chunkHash?.digest("hex") ?? EMPTY_SHA256);
          state = "header";
          continue;
        }
        if (state === "done") throw malformed("data after the final chunk");
        const eol = buf.indexOf(CRLF);
        if (eol === -1) {
          if (buf.length > MAX_LINE_BYTES) throw malformed("a chunk header is too long");
          break;
        }
        const line = buf.subarray(0, eol).toString("latin1");
        buf = buf.subarray(eol + 2);
        if (state === "header") {
          const header = parseChunkHeader(line);
          chunkSignature = header.signature;
          if (header.size === 0) {
            this.verifyChunk(chunkSignature, EMPTY_SHA256);
            state = "trailer";
            continue;
          }
          remaining = header.size;
          chunkHash = this.signing ? createHash("sha256") : undefined;
          state = "data";
          continue;
        }
        // Trailer section: `name:value` lines until an empty one.
        if (line === "") {
          this.finishTrailers(trailerLines);
          state = "done";
          continue;
        }
        if (trailerLines.length > 32) throw malformed("too many trailing headers");
        trailerLines.push(line);
      }
      if (buf.length > 0) pending = Buffer.from(buf);
    }
    // Some clients end the body right after the last trailer without the closing empty line.
    if (state === "trailer" && pending.length === 0) {
      this.finishTrailers(trailerLines);
      state = "done";
    }
    if (state !== "done") throw incompleteBody();
  }

  private finishTrailers(lines: string[]): void {
    let trailerSignature: string | undefined;
    const signedText: string[] = [];
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) throw malformed(`a trailing header is not "name:value"`);
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "x-amz-trailer-signature") {
        trailerSignature = value;
        continue;
      }
      this.trailers.set(name, value);
      signedText.push(`${name}:${value}\n`);
    }
    if (!this.signing?.signedTrailer) return;
    const stringToSign = [
      "AWS4-HMAC-SHA256-TRAILER",
      this.signing.seed.amzDate,
      this.signing.seed.scope,
      this.previousSignature,
      createHash("sha256").update(signedText.join("")).digest("hex"),
    ].join("\n");
    this.compare(trailerSignature, stringToSign);
  }

  private verifyChunk(provided: string | undefined, dataSha256: string): void {
    if (!this.signing) return;
    const stringToSign = [
      "AWS4-HMAC-SHA256-PAYLOAD",
      this.signing.seed.amzDate,
      this.signing.seed.scope,
      this.previousSignature,
      EMPTY_SHA256,
      dataSha256,
    ].join("\n");
    this.previousSignature = this.compare(provided, stringToSign);
  }

  private compare(provided: string | undefined, stringToSign: string): string {
    const expected = createHmac("sha256", this.signing!.seed.signingKey).update(stringToSign).digest("hex");
    const ok = provided !== undefined && provided.length === expected.length && timingSafeEqual(Buffer.from(provided), Buffer.from(expected));
    if (!ok) throw signatureDoesNotMatch(this.signing!.accessKeyId, provided ?? "", stringToSign);
    return expected;
  }
}

function parseChunkHeader(line: string): { size: number; signature?: string } {
  const [sizeHex, ...extensions] = line.split(";");
  if (!sizeHex || !/^[0-9a-fA-F]{1,12}$/.test(sizeHex.trim())) throw malformed(`"${line.slice(0, 40)}" is not a chunk size`);
  let signature: string | undefined;
  for (const ext of extensions) {
    const eq = ext.indexOf("=");
    if (eq > 0 && ext.slice(0, eq).trim() === "chunk-signature") signature = ext.slice(eq + 1).trim();
  }
  return { size: parseInt(sizeHex.trim(), 16), signature };
}

/** Our wording: S3 has no documented message for a broken aws-chunked frame. */
const malformed = (why: string) => invalidRequest(`The aws-chunked request body is malformed: ${why}.`);
