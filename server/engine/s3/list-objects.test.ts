import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, paginateListObjectsV2, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const BUCKET = "listing-bucket";
const KEYS = [
  "models/resnet/v1.tar.gz",
  "models/resnet/v2.tar.gz",
  "models/bert/v1.tar.gz",
  "models/readme.md",
  "models/zeta/v1.tar.gz",
  "top.txt",
  "z-last",
  "é-accented", // UTF-8 sorts after ASCII, as in S3
];

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const list = (over: Partial<ConstructorParameters<typeof ListObjectsV2Command>[0]> = {}) =>
  s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ...over }));

describe("ListObjectsV2", () => {
  it("lists every key in UTF-8 binary order with size, ETag and storage class", async () => {
    const out = await list();
    expect(out.Contents?.map((c) => c.Key)).toEqual([...KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(out).toMatchObject({ KeyCount: KEYS.length, IsTruncated: false, MaxKeys: 1000, Name: BUCKET });
    expect(out.Contents?.[0]).toMatchObject({ Size: expect.any(Number), ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/), StorageClass: "STANDARD" });
  });

  it("filters by prefix and rolls keys up to the delimiter into CommonPrefixes", async () => {
    const out = await list({ Prefix: "models/", Delimiter: "/" });
    expect(out.Contents?.map((c) => c.Key)).toEqual(["models/readme.md"]);
    expect(out.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["models/bert/", "models/resnet/", "models/zeta/"]);
    expect(out.KeyCount).toBe(4);
    expect(out.Delimiter).toBe("/");
    const root = await list({ Delimiter: "/" });
    expect(root.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["models/"]);
    expect(root.Contents?.map((c) => c.Key)).toEqual(["top.txt", "z-last", "é-accented"]);
  });

  it("pages with max-keys and continuation tokens, counting a common prefix as one entry", async () => {
    const first = await list({ Prefix: "models/", Delimiter: "/", MaxKeys: 2 });
    expect(first).toMatchObject({ KeyCount: 2, IsTruncated: true, MaxKeys: 2 });
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["models/bert/"]);
    expect(first.Contents?.map((c) => c.Key)).toEqual(["models/readme.md"]);
    const second = await list({ Prefix: "models/", Delimiter: "/", MaxKeys: 2, ContinuationToken: first.NextContinuationToken });
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["models/resnet/", "models/zeta/"]);
    expect(second).toMatchObject({ IsTruncated: false, ContinuationToken: first.NextContinuationToken });
    expect(second.NextContinuationToken).toBeUndefined();

    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: BUCKET })) {
      expect(page.KeyCount).toBeLessThanOrEqual(3);
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(keys).toHaveLength(KEYS.length);
  });

  it("starts after a key, and answers max-keys=0 with nothing", async () => {
    const out = await list({ StartAfter: "models/zeta/v1.tar.gz" });
    expect(out.Contents?.map((c) => c.Key)).toEqual(["top.txt", "z-last", "é-accented"]);
    expect(out.StartAfter).toBe("models/zeta/v1.tar.gz");
    const none = await list({ MaxKeys: 0 });
    expect(none).toMatchObject({ KeyCount: 0, IsTruncated: false });
  });

  it("refuses a token it did not issue and a bucket that does not exist", async () => {
    await expectAwsError(list({ ContinuationToken: "garbage" }), "InvalidArgument", "The continuation token provided is incorrect");
    await expectAwsError(s3.send(new ListObjectsV2Command({ Bucket: "ghost-bucket" })), "NoSuchBucket", "The specified bucket does not exist", 404);
  });
});

describe("ListObjects (version 1)", () => {
  it("pages with a marker and NextMarker", async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: "/", MaxKeys: 1 }));
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["models/"]);
    expect(first).toMatchObject({ IsTruncated: true, NextMarker: "models/" });
    const second = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: "/", Marker: first.NextMarker }));
    expect(second.Contents?.map((c) => c.Key)).toEqual(["top.txt", "z-last", "é-accented"]);
  });
});
