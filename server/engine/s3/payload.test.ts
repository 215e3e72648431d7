import { createHash, createHmac, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { crc32 } from "node:zlib";
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { signedS3Fetch, signS3Request } from "@/test/support/engine/signed-s3-fetch";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const BUCKET = "payload-bucket";
const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const md5b64 = (b: Buffer | string) => createHash("md5").update(b).digest("base64");

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const tmpFiles = () => readdirSync(join(engine.dataDir, "s3", "tmp"));
const exists = (Key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(
    () => true,
    () => false,
  );
async function xmlError(res: Response): Promise<Record<string, string>> {
  const body = await res.text();
  return Object.fromEntries([...body.matchAll(/<([A-Za-z0-9-]+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!]));
}

describe("checksums", () => {
  it("verifies every additional checksum the SDK computes, and returns it on a GET that asks", async () => {
    for (const ChecksumAlgorithm of ["CRC32", "CRC32C", "SHA1", "SHA256"] as const) {
      const Key = `checked/${ChecksumAlgorithm}`;
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: `payload for ${ChecksumAlgorithm}`, ChecksumAlgorithm }));
      const value = put[`Checksum${ChecksumAlgorithm}`];
      expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: "ENABLED" }));
      expect(got[`Checksum${ChecksumAlgorithm}`]).toBe(value);
      expect(await got.Body!.transformToString()).toBe(`payload for ${ChecksumAlgorithm}`); // the SDK validated it
    }
  });

  it("verifies CRC64NVME (S3's default algorithm) against the standard check value", async () => {
    // CRC-64/NVME of "123456789" is 0xAE8B14860A799888.
    const check = Buffer.from("ae8b14860a799888", "hex").toString("base64");
    const body = Buffer.from("123456789");
    const ok = await signedS3Fetch(engine.url, { path: `/${BUCKET}/crc64`, body, headers: { "x-amz-checksum-crc64nvme": check } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-amz-checksum-crc64nvme")).toBe(check);
    const bad = await signedS3Fetch(engine.url, { path: `/${BUCKET}/crc64-bad`, body: Buffer.from("12345678x"), headers: { "x-amz-checksum-crc64nvme": check } });
    expect(bad.status).toBe(400);
    expect(await xmlError(bad)).toMatchObject({ Code: "BadDigest", Message: "The CRC64NVME you specified did not match the calculated checksum." });
  });

  it("refuses a body that does not match its checksum (BadDigest) or a malformed one (InvalidRequest)", async () => {
    const crcOfOther = (await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "other", Body: "other", ChecksumAlgorithm: "CRC32" }))).ChecksumCRC32;
    await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "mismatch", Body: "this", ChecksumCRC32: crcOfOther })),
      "BadDigest",
      "The CRC32 you specified did not match the calculated checksum.",
    );
    await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "mismatch", Body: "this", ChecksumCRC32: "not base64!" })),
      "InvalidRequest",
      "Value for x-amz-checksum-crc32 header is invalid.",
    );
    expect(await exists("mismatch")).toBe(false);
  });

  it("checks Content-MD5 (BadDigest) and refuses one that is not an MD5 (InvalidDigest)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "md5-ok", Body: "exact", ContentMD5: md5b64("exact") }));
    const err = await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "md5-bad", Body: "exact", ContentMD5: md5b64("different") })),
      "BadDigest",
      "The Content-MD5 you specified did not match what we received.",
    );
    expect(err).toMatchObject({ ExpectedDigest: md5b64("different"), CalculatedDigest: md5b64("exact") });
    await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "md5-bad", Body: "exact", ContentMD5: "bm90LW1kNQ==" })),
      "InvalidDigest",
      "The Content-MD5 you specified was invalid.",
    );
    expect(await exists("md5-bad")).toBe(false);
  });
});

describe("x-amz-content-sha256", () => {
  it("refuses a body that differs from the hash it was signed with, keeping nothing", async () => {
    const signedFor = Buffer.from("the body that was signed");
    const res = await signedS3Fetch(engine.url, { path: `/${BUCKET}/swapped`, body: signedFor }, Buffer.from("a different body, same size"));
    expect(res.status).toBe(400);
    expect(await xmlError(res)).toMatchObject({
      Code: "XAmzContentSHA256Mismatch",
      Message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      ClientComputedContentSHA256: sha256(signedFor),
      S3ComputedContentSHA256: sha256("a different body, same size"),
    });
    expect(await exists("swapped")).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });
});

describe("aws-chunked uploads", () => {
  it("takes the SDK's streamed upload (STREAMING-UNSIGNED-PAYLOAD-TRAILER with a checksum trailer)", async () => {
    const data = randomBytes(300_000);
    const body = Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]);
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "streamed", Body: body, ContentLength: data.length, ChecksumAlgorithm: "SHA256" }));
    expect(put.ETag).toBe(`"${createHash("md5").update(data).digest("hex")}"`);
    expect(put.ChecksumSHA256).toBe(createHash("sha256").update(data).digest("base64"));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "streamed" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  type Trailer = { name: string; value: string; forgeSignature?: boolean };

  /**
   * Frames `parts` as STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER] chunks chained from the
   * request's signature, as the AWS docs describe them, optionally with a signed trailer.
   */
  function signedChunks(parts: Buffer[], seed: string, amzDate: string, opts: { tamperWith?: number; trailer?: Trailer } = {}): Buffer {
    const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
    const day = amzDate.slice(0, 8);
    const key = hmac(hmac(hmac(hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, day), TEST_CONFIG.region), "s3"), "aws4_request");
    const scope = `${day}/${TEST_CONFIG.region}/s3/aws4_request`;
    let previous = seed;
    const frames = [...parts, Buffer.alloc(0)].map((part, i) => {
      const stringToSign = ["AWS4-HMAC-SHA256-PAYLOAD", amzDate, scope, previous, sha256(""), sha256(part)].join("\n");
      previous = hmac(key, stringToSign).toString("hex");
      const sent = i === opts.tamperWith ? Buffer.from(part).fill(0x21, 0, 1) : part;
      const tail = part.length > 0 || !opts.trailer ? "\r\n" : "";
      return Buffer.concat([Buffer.from(`${part.length.toString(16)};chunk-signature=${previous}\r\n`), sent, Buffer.from(tail)]);
    });
    if (opts.trailer) {
      const line = `${opts.trailer.name}:${opts.trailer.value}`;
      const stringToSign = ["AWS4-HMAC-SHA256-TRAILER", amzDate, scope, previous, sha256(`${line}\n`)].join("\n");
      const signature = opts.trailer.forgeSignature ? "0".repeat(64) : hmac(key, stringToSign).toString("hex");
      frames.push(Buffer.from(`${line}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`));
    }
    return Buffer.concat(frames);
  }

  async function chunkedPut(key: string, parts: Buffer[], opts: { tamperWith?: number; trailer?: Trailer } = {}): Promise<Response> {
    const decoded = parts.reduce((n, p) => n + p.length, 0);
    const framedLength = signedChunks(parts, "0".repeat(64), "20000101T000000Z", opts).length;
    const req = await signS3Request(engine.url, {
      path: `/${BUCKET}/${key}`,
      payloadHash: opts.trailer ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      headers: {
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": String(decoded),
        "content-length": String(framedLength),
        ...(opts.trailer ? { "x-amz-trailer": opts.trailer.name } : {}),
      },
    });
    const body = signedChunks(parts, req.signature, req.amzDate, opts);
    return fetch(req.url, { method: "PUT", headers: req.headers, body: new Uint8Array(body) });
  }

  it("verifies STREAMING-AWS4-HMAC-SHA256-PAYLOAD chunk signatures", async () => {
    const parts = [randomBytes(64 * 1024), randomBytes(10_000)];
    const ok = await chunkedPut("signed-chunks", parts);
    expect(ok.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "signed-chunks" }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);

    const tampered = await chunkedPut("tampered-chunks", parts, { tamperWith: 1 });
    expect(tampered.status).toBe(403);
    expect(await xmlError(tampered)).toMatchObject({ Code: "SignatureDoesNotMatch" });
    expect(await exists("tampered-chunks")).toBe(false);
    expect(tmpFiles()).toEqual([]);
  });

  it("verifies a signed trailer and the checksum it carries", async () => {
    const parts = [randomBytes(20_000), randomBytes(5_000)];
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat(parts)));
    const trailer = { name: "x-amz-checksum-crc32", value: crc.toString("base64") };
    const ok = await chunkedPut("signed-trailer", parts, { trailer });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-amz-checksum-crc32")).toBe(trailer.value);

    const forged = await chunkedPut("forged-trailer", parts, { trailer: { ...trailer, forgeSignature: true } });
    expect(forged.status).toBe(403);
    expect(await xmlError(forged)).toMatchObject({ Code: "SignatureDoesNotMatch" });
    const wrongCrc = await chunkedPut("wrong-crc", parts, { trailer: { ...trailer, value: "AAAAAA==" } });
    expect(wrongCrc.status).toBe(400);
    expect(await xmlError(wrongCrc)).toMatchObject({ Code: "BadDigest", Message: "The CRC32 you specified did not match the calculated checksum." });
    expect(await exists("forged-trailer")).toBe(false);
    expect(await exists("wrong-crc")).toBe(false);
  });
});
