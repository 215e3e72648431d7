import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CONFIG, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * S3's bucket owner condition (ExpectedBucketOwner, ExpectedSourceBucketOwner) through the real
 * S3 client: every bucket is the engine's account's, so only that account passes.
 */
const OWNER = TEST_CONFIG.accountId;
const OTHER = "111111111111";
const BUCKET = "owned-bucket";

let engine: TestEngine;
let s3: S3Client;

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = new S3Client({ endpoint: engine.url, region: TEST_CONFIG.region, forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.txt", Body: "original" }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.cleanup();
});

const denied = (promise: Promise<unknown>) => expectAwsError(promise, "AccessDenied", "Access Denied", 403);

describe("ExpectedBucketOwner", () => {
  it("passes the engine's account on bucket and object operations", async () => {
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET, ExpectedBucketOwner: OWNER }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "b.txt", Body: "b", ExpectedBucketOwner: OWNER }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "b.txt", ExpectedBucketOwner: OWNER }));
    expect(await got.Body!.transformToString()).toBe("b");
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ExpectedBucketOwner: OWNER }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(["a.txt", "b.txt"]);
  });

  it("refuses another account with a bare 403 on HeadBucket, as S3 does (no body to name a code)", async () => {
    // The SDK has only the status to go on (HeadBucket models NotFound alone), as against S3.
    const err = await expectAwsError(s3.send(new HeadBucketCommand({ Bucket: BUCKET, ExpectedBucketOwner: OTHER })), "Unknown", "UnknownError", 403);
    expect(err.$fault).toBe("client");
  });

  it("refuses another account with AccessDenied on every object and listing operation, and writes nothing", async () => {
    await denied(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.txt", Body: "overwritten", ExpectedBucketOwner: OTHER })));
    await denied(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a.txt", ExpectedBucketOwner: OTHER })));
    await denied(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ExpectedBucketOwner: OTHER })));
    await denied(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "a.txt", ExpectedBucketOwner: OTHER })));
    const kept = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a.txt" }));
    expect(await kept.Body!.transformToString()).toBe("original");
  });

  it("leaves a missing bucket the operation's 404 (S3 looks the bucket up before its owner)", async () => {
    await expectAwsError(s3.send(new HeadBucketCommand({ Bucket: "no-such-bucket", ExpectedBucketOwner: OTHER })), "NotFound", "UnknownError", 404);
    await expectAwsError(
      s3.send(new PutObjectCommand({ Bucket: "no-such-bucket", Key: "k", Body: "x", ExpectedBucketOwner: OTHER })),
      "NoSuchBucket",
      "The specified bucket does not exist",
      404,
    );
  });

  it("refuses a value that is not an account id with InvalidBucketOwnerAWSAccountID", async () => {
    await expectAwsError(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: "a.txt", ExpectedBucketOwner: "not-an-account" })),
      "InvalidBucketOwnerAWSAccountID",
      "The value of the expected bucket owner parameter must be an AWS Account ID... [not-an-account]",
      400,
    );
  });

  it("checks a copy's source owner (ExpectedSourceBucketOwner) apart from its destination's", async () => {
    const copy = (over: { ExpectedBucketOwner?: string; ExpectedSourceBucketOwner?: string }) =>
      s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "copy.txt", CopySource: `${BUCKET}/a.txt`, ...over }));
    await copy({ ExpectedBucketOwner: OWNER, ExpectedSourceBucketOwner: OWNER });
    await denied(copy({ ExpectedBucketOwner: OWNER, ExpectedSourceBucketOwner: OTHER }));
    await denied(copy({ ExpectedBucketOwner: OTHER, ExpectedSourceBucketOwner: OWNER }));
  });

  it("reads the condition from a presigned URL's query, where the SDK hoists it", async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: "presigned.txt", ExpectedBucketOwner: OTHER }), { expiresIn: 300 });
    expect(new URL(url).searchParams.get("x-amz-expected-bucket-owner")).toBe(OTHER);
    const res = await fetch(url, { method: "PUT", body: "from a browser" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("<Code>AccessDenied</Code><Message>Access Denied</Message>");
    await expectAwsError(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "presigned.txt" })), "NotFound", "UnknownError", 404);
  });
});
