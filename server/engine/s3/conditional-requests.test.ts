import { randomBytes } from "node:crypto";
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
let s3: S3Client;
const BUCKET = "conditions-bucket";
const PRECONDITION = "At least one of the pre-conditions you specified did not hold";
/** lib-storage insists on S3's 5 MiB minimum part size itself. */
const PART = 5 * 1024 * 1024;

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const put = (Key: string, Body: string | Buffer, over: { IfNoneMatch?: string; IfMatch?: string } = {}) =>
  s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body, ...over }));
const read = async (Key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString();

describe("conditional writes", () => {
  it("If-None-Match: * creates a key once, then refuses with 412 PreconditionFailed", async () => {
    await put("once", "first", { IfNoneMatch: "*" });
    const err = await expectAwsError(put("once", "second", { IfNoneMatch: "*" }), "PreconditionFailed", PRECONDITION, 412);
    expect(err).toMatchObject({ Condition: "If-None-Match" });
    expect(await read("once")).toBe("first");
  });

  it("lets exactly one of several concurrent If-None-Match: * writers win", async () => {
    for (let round = 0; round < 3; round++) {
      const key = `race-${round}`;
      const bodies = Array.from({ length: 4 }, (_, i) => Buffer.concat([Buffer.from(`writer ${i}:`), randomBytes(1024 * 1024)]));
      const results = await Promise.allSettled(bodies.map((b) => put(key, b, { IfNoneMatch: "*" })));
      const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect((r.reason as Error).name).toBe("PreconditionFailed");
      const stored = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray());
      expect(stored.equals(bodies[winners[0]!]!)).toBe(true);
    }
  });

  it("If-Match replaces only the version named by its ETag; a missing key is NoSuchKey", async () => {
    const v1 = await put("cas", "v1");
    const v2 = await put("cas", "v2", { IfMatch: v1.ETag });
    const err = await expectAwsError(put("cas", "v3", { IfMatch: v1.ETag }), "PreconditionFailed", PRECONDITION, 412);
    expect(err).toMatchObject({ Condition: "If-Match" });
    expect(await read("cas")).toBe("v2");
    // S3 also takes the ETag without its quotes.
    await put("cas", "v3", { IfMatch: v2.ETag!.replace(/"/g, "") });
    expect(await read("cas")).toBe("v3");
    await expectAwsError(put("never-written", "x", { IfMatch: v1.ETag }), "NoSuchKey", "The specified key does not exist.", 404);
  });

  it("applies the same conditions to CompleteMultipartUpload", async () => {
    const body = randomBytes(PART * 2 + 10);
    await put("mp-guarded", "existing");
    const upload = new Upload({ client: s3, partSize: PART, params: { Bucket: BUCKET, Key: "mp-guarded", Body: body, IfNoneMatch: "*" } });
    await expect(upload.done()).rejects.toMatchObject({ name: "PreconditionFailed" });
    expect(await read("mp-guarded")).toBe("existing");
    const etag = (await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "mp-guarded" }))).ETag;
    const replace = new Upload({ client: s3, partSize: PART, params: { Bucket: BUCKET, Key: "mp-guarded", Body: body, IfMatch: etag } });
    await replace.done();
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "mp-guarded" }))).ContentLength).toBe(body.length);
  });
});

describe("conditional reads", () => {
  it("GET and HEAD answer If-Match with 412 and If-None-Match with 304", async () => {
    const { ETag } = await put("readable", "content");
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "readable", IfMatch: ETag }));
    expect(await got.Body!.transformToString()).toBe("content");
    const err = await expectAwsError(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "readable", IfMatch: '"0123"' })),
      "PreconditionFailed",
      PRECONDITION,
      412,
    );
    expect(err).toMatchObject({ Condition: "If-Match" });
    const notModified = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "readable", IfNoneMatch: ETag })).catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect((notModified as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(304);

    const head412 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "readable", IfMatch: '"0123"' })).catch((e: Error) => e);
    expect((head412 as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(412);
    const head304 = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "readable", IfNoneMatch: ETag })).catch((e: Error) => e);
    expect((head304 as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(304);
  });

  it("compares If-Modified-Since and If-Unmodified-Since to the second", async () => {
    await put("dated", "x");
    const { LastModified } = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "dated" }));
    const later = new Date(LastModified!.getTime() + 60_000);
    const earlier = new Date(LastModified!.getTime() - 60_000);
    const notModified = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dated", IfModifiedSince: LastModified })).catch((e: Error) => e);
    expect((notModified as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode).toBe(304);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dated", IfModifiedSince: earlier }))).resolves.toMatchObject({ ContentLength: 1 });
    await expectAwsError(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dated", IfUnmodifiedSince: earlier })), "PreconditionFailed", PRECONDITION, 412);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "dated", IfUnmodifiedSince: later }))).resolves.toMatchObject({ ContentLength: 1 });
  });
});
