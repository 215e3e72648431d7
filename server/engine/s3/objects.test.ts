import { createHash } from "node:crypto";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const md5 = (data: string | Buffer) => createHash("md5").update(data).digest("hex");
const BUCKET = "objects-bucket";
const OTHER = "other-bucket";

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: OTHER }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const get = (Key: string, over: Partial<ConstructorParameters<typeof GetObjectCommand>[0]> = {}) =>
  s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ...over }));
const text = async (out: { Body?: { transformToString(): Promise<string> } }) => out.Body!.transformToString();

describe("PutObject, GetObject, HeadObject, DeleteObject", () => {
  it("stores bytes with their metadata and returns them with S3's headers", async () => {
    const before = Date.now();
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "docs/readme.txt",
        Body: "hello, engine",
        ContentType: "text/plain; charset=utf-8",
        CacheControl: "max-age=60",
        ContentDisposition: 'attachment; filename="readme.txt"',
        Metadata: { "model-version": "v3", owner: "team-a" },
      }),
    );
    expect(put.ETag).toBe(`"${md5("hello, engine")}"`);
    expect(put.ServerSideEncryption).toBe("AES256");

    const out = await get("docs/readme.txt");
    expect(await text(out)).toBe("hello, engine");
    expect(out).toMatchObject({
      ETag: `"${md5("hello, engine")}"`,
      ContentType: "text/plain; charset=utf-8",
      ContentLength: 13,
      CacheControl: "max-age=60",
      ContentDisposition: 'attachment; filename="readme.txt"',
      Metadata: { "model-version": "v3", owner: "team-a" },
      AcceptRanges: "bytes",
    });
    // Last-Modified has S3's one-second precision.
    expect(out.LastModified!.getTime() % 1000).toBe(0);
    expect(out.LastModified!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "docs/readme.txt" }));
    expect(head).toMatchObject({ ETag: out.ETag, ContentLength: 13, ContentType: "text/plain; charset=utf-8", Metadata: out.Metadata });
    expect(head.LastModified).toEqual(out.LastModified);
  });

  it("gives an object stored without a Content-Type S3's default, and stores an empty object", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "empty", Body: new Uint8Array(0) }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "empty" }));
    expect(head.ContentLength).toBe(0);
    expect(head.ETag).toBe(`"${md5("")}"`);
    expect(await text(await get("empty"))).toBe("");
  });

  it("overwrites a key, and keeps keys that are arbitrary strings apart from any file path", async () => {
    const keys = ["../../etc/passwd", "a b+c%d?e#f", "ключ/模型/🚀.onnx", "trailing/", "//double//slash", " spaced ", "x".repeat(1024)];
    for (const [i, Key] of keys.entries()) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: `value ${i}` }));
    for (const [i, Key] of keys.entries()) expect(await text(await get(Key))).toBe(`value ${i}`);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: keys[0], Body: "replaced" }));
    expect(await text(await get(keys[0]!))).toBe("replaced");
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "y".repeat(1025), Body: "x" })), "KeyTooLongError", "Your key is too long");
  });

  it("answers a missing key with NoSuchKey naming it, and HEAD with a bodiless 404", async () => {
    const err = await expectAwsError(get("no/such/key"), "NoSuchKey", "The specified key does not exist.", 404);
    expect(err).toMatchObject({ Key: "no/such/key", Resource: `/${BUCKET}/no/such/key` });
    await expectAwsError(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "no/such/key" })), "NotFound", "UnknownError", 404);
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: "ghost-bucket", Key: "k" })), "NoSuchBucket", "The specified bucket does not exist", 404);
    await expectAwsError(s3.send(new PutObjectCommand({ Bucket: "ghost-bucket", Key: "k", Body: "x" })), "NoSuchBucket", "The specified bucket does not exist", 404);
  });

  it("deletes a key (idempotently, 204 either way)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "doomed", Body: "x" }));
    const out = await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "doomed" }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    await expectAwsError(get("doomed"), "NoSuchKey", "The specified key does not exist.", 404);
    expect((await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "doomed" }))).$metadata.httpStatusCode).toBe(204);
  });
});

describe("Range reads", () => {
  const body = Buffer.from([...Array(1000).keys()].map((i) => i % 256));
  beforeAll(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "ranged.bin", Body: body }));
  });

  it("serves bytes=a-b, a- and -n with 206 and Content-Range", async () => {
    for (const [Range, start, end] of [
      ["bytes=0-9", 0, 9],
      ["bytes=990-", 990, 999],
      ["bytes=-5", 995, 999],
      ["bytes=500-5000", 500, 999],
    ] as const) {
      const out = await get("ranged.bin", { Range });
      expect(out.$metadata.httpStatusCode).toBe(206);
      expect(out.ContentRange).toBe(`bytes ${start}-${end}/1000`);
      expect(out.ContentLength).toBe(end - start + 1);
      expect(Buffer.from(await out.Body!.transformToByteArray())).toEqual(body.subarray(start, end + 1));
    }
  });

  it("answers a range past the end with InvalidRange (416)", async () => {
    const err = await expectAwsError(get("ranged.bin", { Range: "bytes=1000-1001" }), "InvalidRange", "The requested range is not satisfiable", 416);
    expect(err).toMatchObject({ RangeRequested: "bytes=1000-1001", ActualObjectSize: "1000" });
  });

  it("ignores a range it cannot parse and sends the whole object, as S3 does", async () => {
    const out = await get("ranged.bin", { Range: "bytes=5-1,7-9" });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.ContentLength).toBe(1000);
  });
});

describe("CopyObject", () => {
  it("copies within a bucket and across buckets, keeping metadata (COPY) or replacing it (REPLACE)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "src/model.onnx", Body: "weights", ContentType: "application/octet-stream", Metadata: { v: "1" } }));
    const within = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "dst/model.onnx", CopySource: `${BUCKET}/src/model.onnx` }));
    expect(within.CopyObjectResult?.ETag).toBe(`"${md5("weights")}"`);
    expect(within.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    expect(await text(await get("dst/model.onnx"))).toBe("weights");
    expect((await get("dst/model.onnx")).Metadata).toEqual({ v: "1" });

    await s3.send(
      new CopyObjectCommand({
        Bucket: OTHER,
        Key: "copied model.onnx",
        CopySource: encodeURIComponent(`${BUCKET}/src/model.onnx`),
        MetadataDirective: "REPLACE",
        Metadata: { v: "2" },
        ContentType: "application/x-onnx",
      }),
    );
    const across = await s3.send(new GetObjectCommand({ Bucket: OTHER, Key: "copied model.onnx" }));
    expect(await text(across)).toBe("weights");
    expect(across).toMatchObject({ Metadata: { v: "2" }, ContentType: "application/x-onnx" });

    // The copy is independent: overwriting the source leaves it alone.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "src/model.onnx", Body: "new weights" }));
    expect(await text(await get("dst/model.onnx"))).toBe("weights");
  });

  it("refuses a copy onto itself without REPLACE, a missing source, and a failed copy-source condition", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "self", Body: "x" }));
    await expectAwsError(
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "self", CopySource: `${BUCKET}/self` })),
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "self", CopySource: `${BUCKET}/self`, MetadataDirective: "REPLACE", Metadata: { a: "b" } }));
    await expectAwsError(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "x", CopySource: `${BUCKET}/absent` })), "NoSuchKey", "The specified key does not exist.", 404);
    const err = await expectAwsError(
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "x", CopySource: `${BUCKET}/self`, CopySourceIfMatch: '"not-the-etag"' })),
      "PreconditionFailed",
      "At least one of the pre-conditions you specified did not hold",
      412,
    );
    expect(err).toMatchObject({ Condition: "x-amz-copy-source-If-Match" });
  });
});

describe("DeleteObjects", () => {
  it("deletes many keys in one call, reporting each (and nothing in Quiet mode)", async () => {
    for (const Key of ["batch/a", "batch/b", "batch/c"]) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
    const out = await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "batch/a" }, { Key: "batch/b" }, { Key: "batch/never" }] } }),
    );
    expect(out.Deleted?.map((d) => d.Key).sort()).toEqual(["batch/a", "batch/b", "batch/never"]);
    expect(out.Errors).toBeUndefined();
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "batch/c" }], Quiet: true } }));
    expect(quiet.Deleted).toBeUndefined();
    const left = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "batch/" }));
    expect(left.KeyCount).toBe(0);
  });

  it("refuses a document that is not a Delete list (MalformedXML)", async () => {
    await expectAwsError(
      s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [] } })),
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema",
    );
  });
});
