import { createHash, randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { Readable } from "node:stream";
import { join } from "node:path";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const BUCKET = "multipart-bucket";
/** The engine's minimum part size, lowered so the part rules can be tested with small parts. */
const MIN_PART = 100 * 1024;
const md5 = (b: Buffer) => createHash("md5").update(b).digest();
/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then the number of parts. */
const multipartEtag = (parts: Buffer[]) => `"${createHash("md5").update(Buffer.concat(parts.map(md5))).digest("hex")}-${parts.length}"`;

beforeAll(async () => {
  engine = await startTestEngine({ config: { s3MinPartSizeBytes: MIN_PART } });
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const uploadsDir = () => join(engine.dataDir, "s3", "uploads");
const create = async (Key: string) => (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ContentType: "application/x-tar", Metadata: { v: "7" } }))).UploadId!;
const uploadPart = (Key: string, UploadId: string, PartNumber: number, Body: Buffer) =>
  s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body }));
const complete = (Key: string, UploadId: string, Parts: { PartNumber: number; ETag?: string }[]) =>
  s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts } }));

describe("multipart uploads through lib-storage", () => {
  it("uploads a stream in several parts, with S3's multipart ETag", async () => {
    const partSize = 5 * 1024 * 1024;
    const body = randomBytes(partSize * 3 + 12345);
    const stream = Readable.from(Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536)));
    const upload = new Upload({ client: s3, partSize, queueSize: 2, params: { Bucket: BUCKET, Key: "models/big.tar.gz", Body: stream, ContentType: "application/gzip" } });
    const done = await upload.done();
    const parts = [0, 1, 2, 3].map((i) => body.subarray(i * partSize, Math.min(body.length, (i + 1) * partSize)));
    expect(done.ETag).toBe(multipartEtag(parts));
    expect(done.Location).toBe(`${engine.url}/${BUCKET}/models/big.tar.gz`);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "models/big.tar.gz" }));
    expect(head).toMatchObject({ ContentLength: body.length, ETag: done.ETag, ContentType: "application/gzip" });
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "models/big.tar.gz" }))).Body!.transformToByteArray());
    expect(got.equals(body)).toBe(true);
    expect(readdirSync(uploadsDir())).toEqual([]); // the parts went with the upload
  });
});

describe("multipart uploads part by part", () => {
  it("lists parts, completes them in order, and keeps the upload's metadata", async () => {
    const id = await create("manual");
    const parts = [randomBytes(MIN_PART), randomBytes(MIN_PART + 1), randomBytes(10)];
    const etags: string[] = [];
    for (const [i, part] of parts.entries()) etags.push((await uploadPart("manual", id, i + 1, part)).ETag!);
    expect(etags).toEqual(parts.map((p) => `"${md5(p).toString("hex")}"`));

    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: "manual", UploadId: id, MaxParts: 2 }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, MIN_PART, etags[0]],
      [2, MIN_PART + 1, etags[1]],
    ]);
    expect(listed).toMatchObject({ IsTruncated: true, NextPartNumberMarker: "2", UploadId: id });

    const done = await complete("manual", id, etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })));
    expect(done.ETag).toBe(multipartEtag(parts));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "manual" }));
    expect(got).toMatchObject({ ContentType: "application/x-tar", Metadata: { v: "7" }, ContentLength: MIN_PART * 2 + 11 });
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);
    // The upload is gone once completed.
    await expectAwsError(
      s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: "manual", UploadId: id })),
      "NoSuchUpload",
      "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
      404,
    );
  });

  it("replaces a part uploaded again under the same number", async () => {
    const id = await create("reupload");
    await uploadPart("reupload", id, 1, Buffer.from("first attempt"));
    const second = await uploadPart("reupload", id, 1, Buffer.from("second"));
    await complete("reupload", id, [{ PartNumber: 1, ETag: second.ETag }]);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "reupload" }))).Body!.transformToString()).toBe("second");
  });

  it("refuses a part below the minimum size unless it is the last (EntityTooSmall)", async () => {
    const id = await create("small");
    const a = await uploadPart("small", id, 1, randomBytes(1000));
    const b = await uploadPart("small", id, 2, randomBytes(1000));
    const err = await expectAwsError(
      complete("small", id, [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }]),
      "EntityTooSmall",
      "Your proposed upload is smaller than the minimum allowed size",
    );
    expect(err).toMatchObject({ ProposedSize: "1000", MinSizeAllowed: String(MIN_PART), PartNumber: "1", ETag: a.ETag!.replace(/"/g, "") });
  });

  it("refuses unknown parts, wrong ETags and parts out of order", async () => {
    const id = await create("rules");
    const a = await uploadPart("rules", id, 1, randomBytes(MIN_PART));
    const b = await uploadPart("rules", id, 2, randomBytes(10));
    const invalidPart =
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.";
    const missing = await expectAwsError(complete("rules", id, [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 3, ETag: b.ETag }]), "InvalidPart", invalidPart);
    expect(missing).toMatchObject({ PartNumber: "3", UploadId: id });
    await expectAwsError(complete("rules", id, [{ PartNumber: 1, ETag: b.ETag }]), "InvalidPart", invalidPart);
    const order = await expectAwsError(
      complete("rules", id, [{ PartNumber: 2, ETag: b.ETag }, { PartNumber: 1, ETag: a.ETag }]),
      "InvalidPartOrder",
      "The list of parts was not in ascending order. The parts list must be specified in order by part number.",
    );
    expect(order).toMatchObject({ PartNumber: "1" });
    await expectAwsError(
      uploadPart("rules", id, 10001, Buffer.from("x")),
      "InvalidArgument",
      "Part number must be an integer between 1 and 10000, inclusive",
    );
    // The upload survives refused completions and can still complete.
    await complete("rules", id, [{ PartNumber: 1, ETag: a.ETag }, { PartNumber: 2, ETag: b.ETag }]);
  });

  it("aborts an upload, removing its parts; later calls answer NoSuchUpload", async () => {
    const id = await create("aborted");
    await uploadPart("aborted", id, 1, randomBytes(1000));
    expect(readdirSync(uploadsDir())).toContain(id);
    const out = await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "aborted", UploadId: id }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    expect(readdirSync(uploadsDir())).not.toContain(id);
    const noSuchUpload = "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.";
    const err = await expectAwsError(uploadPart("aborted", id, 2, randomBytes(10)), "NoSuchUpload", noSuchUpload, 404);
    expect(err).toMatchObject({ UploadId: id });
    await expectAwsError(complete("aborted", id, [{ PartNumber: 1, ETag: '"x"' }]), "NoSuchUpload", noSuchUpload, 404);
    await expectAwsError(s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: "aborted", UploadId: id })), "NoSuchUpload", noSuchUpload, 404);
    // An upload id only names the upload of its own bucket and key.
    const other = await create("owner-key");
    await expectAwsError(uploadPart("another-key", other, 1, randomBytes(10)), "NoSuchUpload", noSuchUpload, 404);
  });
});

describe("UploadPartCopy", () => {
  const SOURCE = "copy/source.bin";
  const source = randomBytes(3 * MIN_PART + 777);
  const copyPart = (Key: string, UploadId: string, PartNumber: number, extra: Partial<{ CopySourceRange: string; CopySourceIfMatch: string; CopySource: string }> = {}) =>
    s3.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, CopySource: `${BUCKET}/${SOURCE}`, ...extra }));

  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: SOURCE, Body: source }));
  });

  it("assembles an object from ranges of another, byte for byte, with part ETags that are the ranges' MD5s", async () => {
    const id = await create("copy/assembled.bin");
    const cut = 2 * MIN_PART;
    const first = await copyPart("copy/assembled.bin", id, 1, { CopySourceRange: `bytes=0-${cut - 1}` });
    const second = await copyPart("copy/assembled.bin", id, 2, { CopySourceRange: `bytes=${cut}-${source.length - 1}` });
    expect(first.CopyPartResult!.ETag).toBe(`"${md5(source.subarray(0, cut)).toString("hex")}"`);
    expect(second.CopyPartResult!.ETag).toBe(`"${md5(source.subarray(cut)).toString("hex")}"`);
    expect(first.CopyPartResult!.LastModified).toBeInstanceOf(Date);
    const done = await complete("copy/assembled.bin", id, [
      { PartNumber: 1, ETag: first.CopyPartResult!.ETag },
      { PartNumber: 2, ETag: second.CopyPartResult!.ETag },
    ]);
    expect(done.ETag).toBe(multipartEtag([source.subarray(0, cut), source.subarray(cut)]));
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "copy/assembled.bin" }))).Body!.transformToByteArray());
    expect(got.equals(source)).toBe(true);
  });

  it("copies the whole source without a range, and mixes with uploaded parts", async () => {
    const id = await create("copy/mixed.bin");
    const whole = await copyPart("copy/mixed.bin", id, 1);
    const tail = randomBytes(1234);
    const uploaded = await uploadPart("copy/mixed.bin", id, 2, tail);
    await complete("copy/mixed.bin", id, [
      { PartNumber: 1, ETag: whole.CopyPartResult!.ETag },
      { PartNumber: 2, ETag: uploaded.ETag },
    ]);
    const got = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "copy/mixed.bin" }))).Body!.transformToByteArray());
    expect(got.equals(Buffer.concat([source, tail]))).toBe(true);
  });

  it("refuses malformed and out-of-range ranges, a missing source, a failed precondition and an unknown upload, as S3 does", async () => {
    const id = await create("copy/refused.bin");
    const malformed = "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy";
    for (const range of ["0-10", "bytes=10", "bytes=a-b", "bytes=0-1,4-5", "bytes=-5"]) {
      const err = await expectAwsError(copyPart("copy/refused.bin", id, 1, { CopySourceRange: range }), "InvalidArgument", malformed);
      expect(err).toMatchObject({ ArgumentName: "x-amz-copy-source-range", ArgumentValue: range });
    }
    const outside = `Range specified is not valid for source object of size: ${source.length}`;
    await expectAwsError(copyPart("copy/refused.bin", id, 1, { CopySourceRange: `bytes=0-${source.length}` }), "InvalidArgument", outside);
    await expectAwsError(copyPart("copy/refused.bin", id, 1, { CopySourceRange: "bytes=10-5" }), "InvalidArgument", outside);
    await expectAwsError(copyPart("copy/refused.bin", id, 1, { CopySource: `${BUCKET}/copy/absent.bin` }), "NoSuchKey", "The specified key does not exist.", 404);
    const failed = await expectAwsError(copyPart("copy/refused.bin", id, 1, { CopySourceIfMatch: '"0123"' }), "PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412);
    expect(failed).toMatchObject({ Condition: "x-amz-copy-source-If-Match" });
    await expectAwsError(copyPart("copy/refused.bin", "no-such-upload", 1), "NoSuchUpload", /The specified upload does not exist/, 404);
    // Nothing was stored for the refused calls.
    expect((await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: "copy/refused.bin", UploadId: id }))).Parts ?? []).toEqual([]);
  });
});

describe("ListMultipartUploads", () => {
  const LISTED = "listed-uploads";
  const ids: Record<string, string[]> = {};
  const list = (extra: Partial<{ Prefix: string; Delimiter: string; MaxUploads: number; KeyMarker: string; UploadIdMarker: string }> = {}) =>
    s3.send(new ListMultipartUploadsCommand({ Bucket: LISTED, ...extra }));
  const keysOf = (page: Awaited<ReturnType<typeof list>>) => (page.Uploads ?? []).map((u) => `${u.Key}#${u.UploadId}`);

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: LISTED }));
    for (const key of ["b", "a/2", "a/1", "c/d/e", "a/1"]) {
      const id = (await s3.send(new CreateMultipartUploadCommand({ Bucket: LISTED, Key: key }))).UploadId!;
      (ids[key] ??= []).push(id);
    }
  });

  it("lists uploads in progress by key, oldest first within a key, with S3's fields", async () => {
    const page = await list();
    expect(page.Uploads!.map((u) => u.Key)).toEqual(["a/1", "a/1", "a/2", "b", "c/d/e"]);
    expect(new Set(page.Uploads!.filter((u) => u.Key === "a/1").map((u) => u.UploadId))).toEqual(new Set(ids["a/1"]));
    expect(page.Uploads![2]).toMatchObject({ Key: "a/2", UploadId: ids["a/2"]![0], StorageClass: "STANDARD", Initiator: { ID: expect.any(String) }, Owner: { ID: expect.any(String) } });
    expect(page.Uploads![2]!.Initiated).toBeInstanceOf(Date);
    expect(page).toMatchObject({ Bucket: LISTED, IsTruncated: false, MaxUploads: 1000 });
    expect(page.CommonPrefixes).toBeUndefined();
  });

  it("filters by prefix and rolls keys up to the delimiter into common prefixes", async () => {
    expect((await list({ Prefix: "a/" })).Uploads!.map((u) => u.Key)).toEqual(["a/1", "a/1", "a/2"]);
    const rolled = await list({ Delimiter: "/" });
    expect(rolled.Uploads!.map((u) => u.Key)).toEqual(["b"]);
    expect(rolled.CommonPrefixes!.map((p) => p.Prefix)).toEqual(["a/", "c/"]);
    const deeper = await list({ Prefix: "c/", Delimiter: "/" });
    expect(deeper.CommonPrefixes!.map((p) => p.Prefix)).toEqual(["c/d/"]);
  });

  it("pages with key and upload-id markers, every upload exactly once, also between two uploads of one key", async () => {
    const all = keysOf(await list());
    const seen: string[] = [];
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (let pages = 0; pages < 10; pages++) {
      const page = await list({ MaxUploads: 1, ...markers });
      seen.push(...keysOf(page));
      if (!page.IsTruncated) break;
      markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
    expect(seen).toEqual(all);
    // A common prefix given back as the key marker skips everything under it.
    const first = await list({ Delimiter: "/", MaxUploads: 1 });
    expect(first).toMatchObject({ IsTruncated: true, NextKeyMarker: "a/", CommonPrefixes: [{ Prefix: "a/" }] });
    const next = await list({ Delimiter: "/", MaxUploads: 1, KeyMarker: "a/" });
    expect(next.Uploads!.map((u) => u.Key)).toEqual(["b"]);
  });

  it("drops completed and aborted uploads, and refuses a bad max-uploads and an unknown bucket", async () => {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: LISTED, Key: "b", UploadId: ids.b![0]! }));
    expect((await list()).Uploads!.map((u) => u.Key)).not.toContain("b");
    const bad = await expectAwsError(
      s3.send(new ListMultipartUploadsCommand({ Bucket: LISTED, MaxUploads: -1 })),
      "InvalidArgument",
      "Argument max-uploads must be an integer between 0 and 2147483647",
    );
    expect(bad).toMatchObject({ ArgumentName: "max-uploads", ArgumentValue: "-1" });
    await expectAwsError(s3.send(new ListMultipartUploadsCommand({ Bucket: "no-such-bucket-here" })), "NoSuchBucket", "The specified bucket does not exist", 404);
  });
});
