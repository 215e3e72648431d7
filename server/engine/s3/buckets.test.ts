import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAwsError } from "@/test/support/engine/expect-aws-error";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "@/test/support/engine/start-test-engine";

let engine: TestEngine;
const clients: S3Client[] = [];
const s3For = (url: string, over: Partial<S3ClientConfig> = {}) => {
  const c = new S3Client({ endpoint: url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1, ...over });
  clients.push(c);
  return c;
};
let s3: S3Client;

beforeAll(async () => {
  engine = await startTestEngine();
  s3 = s3For(engine.url);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await engine?.cleanup();
});

describe("buckets", () => {
  it("creates, heads, lists and deletes a bucket", async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: "alpha-bucket" }));
    expect(created.Location).toBe("/alpha-bucket");
    const head = await s3.send(new HeadBucketCommand({ Bucket: "alpha-bucket" }));
    expect(head.BucketRegion).toBe("us-east-1");

    const listed = await s3.send(new ListBucketsCommand({}));
    const alpha = listed.Buckets?.find((b) => b.Name === "alpha-bucket");
    expect(alpha?.CreationDate).toBeInstanceOf(Date);
    expect(Math.abs(alpha!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(alpha?.BucketRegion).toBe("us-east-1");
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: "alpha-bucket" }))).LocationConstraint).toBeUndefined();

    await s3.send(new DeleteBucketCommand({ Bucket: "alpha-bucket" }));
    await expectAwsError(s3.send(new HeadBucketCommand({ Bucket: "alpha-bucket" })), "NotFound", "UnknownError", 404);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain("alpha-bucket");
  });

  it("answers a bucket that does not exist with NoSuchBucket, naming it", async () => {
    const err = await expectAwsError(s3.send(new DeleteBucketCommand({ Bucket: "never-made" })), "NoSuchBucket", "The specified bucket does not exist", 404);
    expect(err).toMatchObject({ BucketName: "never-made", Resource: "/never-made", RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("refuses to delete a bucket that still has objects (BucketNotEmpty)", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "full-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "full-bucket", Key: "k", Body: "x" }));
    const err = await expectAwsError(s3.send(new DeleteBucketCommand({ Bucket: "full-bucket" })), "BucketNotEmpty", "The bucket you tried to delete is not empty", 409);
    expect(err).toMatchObject({ BucketName: "full-bucket" });
  });

  it("refuses names S3 does not allow (InvalidBucketName)", async () => {
    for (const name of ["ab", "Upper-Case", "under_score", "-leading", "a..b", "192.168.1.1", "xn--punycode", "x".repeat(64)]) {
      const err = await expectAwsError(s3.send(new CreateBucketCommand({ Bucket: name })), "InvalidBucketName", "The specified bucket is not valid.", 400);
      expect(err).toMatchObject({ BucketName: name });
    }
  });

  it("answers CreateBucket of an existing bucket with 200 in us-east-1, as S3 does for legacy reasons", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "twice-bucket" }));
    await s3.send(new PutObjectCommand({ Bucket: "twice-bucket", Key: "kept", Body: "x" }));
    await expect(s3.send(new CreateBucketCommand({ Bucket: "twice-bucket" }))).resolves.toMatchObject({ Location: "/twice-bucket" });
    await s3.send(new DeleteBucketCommand({ Bucket: "twice-bucket" })).catch((e: Error) => expect(e.name).toBe("BucketNotEmpty"));
  });

  it("refuses a location constraint in us-east-1", async () => {
    await expectAwsError(
      s3.send(new CreateBucketCommand({ Bucket: "located-bucket", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })),
      "IllegalLocationConstraintException",
      "The eu-west-1 location constraint is incompatible for the region specific endpoint this request was sent to.",
    );
  });
});

describe("buckets in another region", () => {
  let regional: TestEngine;
  beforeAll(async () => {
    regional = await startTestEngine({ config: { region: "eu-west-1" } });
  });
  afterAll(async () => regional?.cleanup());

  it("answers BucketAlreadyOwnedByYou (409) outside us-east-1", async () => {
    // Outside us-east-1 the SDK fills in the client's region as the LocationConstraint itself.
    const eu = s3For(regional.url, { region: "eu-west-1" });
    await eu.send(new CreateBucketCommand({ Bucket: "eu-bucket" }));
    const err = await expectAwsError(
      eu.send(new CreateBucketCommand({ Bucket: "eu-bucket", CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })),
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
    );
    expect(err).toMatchObject({ BucketName: "eu-bucket" });
    expect((await eu.send(new GetBucketLocationCommand({ Bucket: "eu-bucket" }))).LocationConstraint).toBe("eu-west-1");
  });
});
