import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_CLI_VERSION, runAwsCli, SKIP_AWS_CLI } from "@/test/support/engine/aws-cli";
import { startTestEngine, type TestEngine } from "@/test/support/engine/start-test-engine";

/**
 * S3 driven by the real AWS CLI: botocore signs, sends its own checksums (CRC32 headers,
 * `Expect: 100-continue`), switches to multipart above 8 MB (uploads, and S3-to-S3 copies with UploadPartCopy), and asks for URL-encoded listings.
 * See testing/aws-cli.ts for when it runs.
 */
let engine: TestEngine;
let work: string;

const aws = (args: string[]) => runAwsCli(engine.url, args);

const md5 = (b: Buffer) => createHash("md5").update(b).digest("hex");

describe.skipIf(SKIP_AWS_CLI)(`AWS CLI on S3 (${AWS_CLI_VERSION ?? "not installed"})`, () => {
  beforeAll(async () => {
    engine = await startTestEngine();
    work = mkdtempSync(join(tmpdir(), "mme-cli-s3-"));
  });
  afterAll(async () => {
    await engine?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("makes a bucket, copies files up (single and multipart) and down, and lists them", async () => {
    expect((await aws(["s3", "mb", "s3://cli-bucket"])).stderr).toBe("");
    const small = randomBytes(1000);
    const big = randomBytes(10 * 1024 * 1024 + 123); // above the CLI's 8 MB multipart threshold
    writeFileSync(join(work, "small.bin"), small);
    writeFileSync(join(work, "big.bin"), big);

    const up = await aws(["s3", "cp", join(work, "small.bin"), "s3://cli-bucket/models/small.bin"]);
    expect(up.code, up.stderr).toBe(0);
    const upBig = await aws(["s3", "cp", join(work, "big.bin"), "s3://cli-bucket/models/big file.bin"]);
    expect(upBig.code, upBig.stderr).toBe(0);

    const ls = await aws(["s3", "ls", "s3://cli-bucket/models/"]);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toMatch(/\s1000 small\.bin\n/);
    expect(ls.stdout).toMatch(new RegExp(`\\s${big.length} big file\\.bin\\n`));
    const buckets = await aws(["s3", "ls"]);
    expect(buckets.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-bucket\n/);

    const down = await aws(["s3", "cp", "s3://cli-bucket/models/big file.bin", join(work, "big.copy")]);
    expect(down.code, down.stderr).toBe(0);
    expect(md5(readFileSync(join(work, "big.copy")))).toBe(md5(big));

    const head = JSON.parse((await aws(["s3api", "head-object", "--bucket", "cli-bucket", "--key", "models/big file.bin", "--output", "json"])).stdout);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect(head.ContentLength).toBe(big.length);

    // S3 to S3 above the threshold: the CLI copies in parts with UploadPartCopy.
    const copy = await aws(["s3", "cp", "s3://cli-bucket/models/big file.bin", "s3://cli-bucket/copies/big.bin"]);
    expect(copy.code, copy.stderr).toBe(0);
    const copied = JSON.parse((await aws(["s3api", "head-object", "--bucket", "cli-bucket", "--key", "copies/big.bin", "--output", "json"])).stdout);
    expect(copied.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect((await aws(["s3", "cp", "s3://cli-bucket/copies/big.bin", join(work, "big.copy2")])).code).toBe(0);
    expect(md5(readFileSync(join(work, "big.copy2")))).toBe(md5(big));
  }, 60_000);

  it("puts an object with s3api put-object, metadata included, and reports S3's errors", async () => {
    writeFileSync(join(work, "config.pbtxt"), 'name: "resnet"\n');
    const put = await aws([
      "s3api", "put-object", "--bucket", "cli-bucket", "--key", "resnet/config.pbtxt",
      "--body", join(work, "config.pbtxt"), "--content-type", "text/plain", "--metadata", "owner=team-a", "--output", "json",
    ]);
    expect(put.code, put.stderr).toBe(0);
    expect(JSON.parse(put.stdout).ETag).toBe(`"${md5(Buffer.from('name: "resnet"\n'))}"`);
    const head = JSON.parse((await aws(["s3api", "head-object", "--bucket", "cli-bucket", "--key", "resnet/config.pbtxt", "--output", "json"])).stdout);
    expect(head).toMatchObject({ ContentType: "text/plain", Metadata: { owner: "team-a" } });

    const missing = await aws(["s3api", "get-object", "--bucket", "cli-bucket", "--key", "nope", join(work, "nope")]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim()).toBe("An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.");
    // An upload left in progress is found and aborted, as cleanup scripts do.
    const started = JSON.parse((await aws(["s3api", "create-multipart-upload", "--bucket", "cli-bucket", "--key", "pending/model.tar.gz", "--output", "json"])).stdout);
    const listed = JSON.parse((await aws(["s3api", "list-multipart-uploads", "--bucket", "cli-bucket", "--output", "json"])).stdout);
    expect(listed.Uploads).toEqual([expect.objectContaining({ Key: "pending/model.tar.gz", UploadId: started.UploadId, StorageClass: "STANDARD" })]);
    // The whole result, so that a failure shows the CLI's stderr.
    expect(await aws(["s3api", "abort-multipart-upload", "--bucket", "cli-bucket", "--key", "pending/model.tar.gz", "--upload-id", started.UploadId])).toMatchObject({ code: 0 });
    expect(JSON.parse((await aws(["s3api", "list-multipart-uploads", "--bucket", "cli-bucket", "--output", "json"])).stdout || "{}").Uploads).toBeUndefined();
    const notEmpty = await aws(["s3", "rb", "s3://cli-bucket"]);
    expect(notEmpty.stderr).toContain("BucketNotEmpty");
    expect((await aws(["s3", "rb", "s3://cli-bucket", "--force"])).code).toBe(0);
  }, 60_000);
});
