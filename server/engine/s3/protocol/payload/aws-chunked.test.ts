import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AwsChunkedDecoder } from "./aws-chunked";

// AWS's published example of a signed streaming PUT ("Transferring payload in multiple chunks"):
// 66560 bytes of "a" as a 65536-byte chunk, a 1024-byte chunk and the empty final chunk. Passing
// it means the chain is computed as S3 computes it, not merely consistently with itself.
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
const CHUNKS = [
  { size: 65536, signature: "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648" },
  { size: 1024, signature: "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497" },
  { size: 0, signature: "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9" },
];

const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const signingKey = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, "20130524"), "us-east-1"), "s3"), "aws4_request");
const seed = { signature: SEED, amzDate: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request", signingKey };

function exampleBody(corrupt = false): Buffer {
  return Buffer.concat(
    CHUNKS.map(({ size, signature }) => {
      const data = Buffer.alloc(size, "a");
      if (corrupt && size === 1024) data[10] = 0x62;
      return Buffer.concat([Buffer.from(`${size.toString(16)};chunk-signature=${signature}\r\n`), data, Buffer.from("\r\n")]);
    }),
  );
}

/** Feeds the body in pieces of `step` bytes, as a socket would, however the frames fall. */
async function decode(body: Buffer, step: number, decoder: AwsChunkedDecoder): Promise<Buffer> {
  async function* pieces() {
    for (let i = 0; i < body.length; i += step) yield body.subarray(i, i + step);
  }
  const out: Buffer[] = [];
  for await (const b of decoder.decode(pieces())) out.push(b);
  return Buffer.concat(out);
}

describe("AwsChunkedDecoder", () => {
  it("decodes and verifies AWS's signed example, however the bytes arrive", async () => {
    for (const step of [1, 7, 4096, 70_000]) {
      const data = await decode(exampleBody(), step, new AwsChunkedDecoder({ seed, accessKeyId: "AKIAIOSFODNN7EXAMPLE", signedTrailer: false }));
      expect(data.equals(Buffer.alloc(66560, "a"))).toBe(true);
    }
  });

  it("stops at the first chunk whose signature does not match", async () => {
    const decoder = new AwsChunkedDecoder({ seed, accessKeyId: "AKIAIOSFODNN7EXAMPLE", signedTrailer: false });
    await expect(decode(exampleBody(true), 4096, decoder)).rejects.toMatchObject({ code: "SignatureDoesNotMatch", httpStatus: 403 });
  });

  it("reads unsigned chunks with trailing headers, and refuses a truncated body", async () => {
    const body = Buffer.from("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n");
    const decoder = new AwsChunkedDecoder();
    expect((await decode(body, 3, decoder)).toString()).toBe("hello");
    expect(decoder.trailers.get("x-amz-checksum-crc32")).toBe("NhCmhg==");
    await expect(decode(body.subarray(0, 9), 3, new AwsChunkedDecoder())).rejects.toMatchObject({ code: "IncompleteBody" });
    await expect(decode(Buffer.from("zz\r\nhello\r\n"), 64, new AwsChunkedDecoder())).rejects.toMatchObject({ code: "InvalidRequest" });
  });
});
