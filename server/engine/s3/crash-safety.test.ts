import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterEach, describe, expect, it } from "vitest";
import { spawnEngine, type ChildEngine } from "@/test/support/engine/spawn-engine";
import { makeDataDir, TEST_CREDENTIALS, waitFor } from "@/test/support/engine/start-test-engine";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const BUCKET = "crash-bucket";
const s3For = (engine: ChildEngine) => {
  const s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  cleanups.push(() => s3.destroy());
  return s3;
};
const start = async (dataDir: string) => {
  const engine = await spawnEngine(dataDir);
  cleanups.push(() => engine.kill());
  return engine;
};

/** `total` zero bytes, produced lazily so the test holds no big buffer either. */
function zeros(total: number, chunk = 1024 * 1024): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(chunk, total - sent);
      sent += n;
      this.push(Buffer.alloc(n));
    },
  });
}

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile());
const tmpBytes = (s3Dir: string) => files(join(s3Dir, "tmp")).reduce((n, f) => n + statSync(join(s3Dir, "tmp", f)).size, 0);

describe("S3 crash safety", () => {
  it("after a kill -9 mid-upload, restarts with no partial object and no leftover files", async () => {
    const dataDir = makeDataDir();
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const s3Dir = join(dataDir, "s3");
    const first = await start(dataDir);
    const s3 = s3For(first);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "kept", Body: "acknowledged before the crash" }));
    const uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: "mp" }))).UploadId!;
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: "mp", UploadId: uploadId, PartNumber: 1, Body: Buffer.alloc(1000, 1) }));

    // Two uploads in flight, a PutObject and a part, both streamed well past the first megabytes.
    const size = 512 * 1024 * 1024;
    const inFlight = [
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: "big", Body: zeros(size), ContentLength: size })),
      s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: "mp", UploadId: uploadId, PartNumber: 2, Body: zeros(size), ContentLength: size })),
    ].map((p) => p.then(() => "finished", () => "failed"));
    await waitFor(async () => tmpBytes(s3Dir), (bytes) => bytes > 32 * 1024 * 1024, 20_000);
    await first.kill();
    expect(await Promise.all(inFlight)).toEqual(["failed", "failed"]);
    expect(files(join(s3Dir, "tmp")).length).toBeGreaterThan(0); // the crash did leave partial files

    // What a kill between a file's rename and its row's commit would leave.
    writeFileSync(join(s3Dir, "objects", "orphan-blob"), "never committed");
    mkdirSync(join(s3Dir, "uploads", "orphan-upload"));
    writeFileSync(join(s3Dir, "uploads", "orphan-upload", "1-part"), "x");
    writeFileSync(join(s3Dir, "uploads", uploadId, "2-orphan-part"), "x");

    const second = await start(dataDir);
    expect(second.stderr()).toMatch(/removed \d+ S3 file\(s\) left by an interrupted write/);
    const after = s3For(second);
    await expect(after.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "big" }))).rejects.toMatchObject({ name: "NotFound" });
    expect(await (await after.send(new GetObjectCommand({ Bucket: BUCKET, Key: "kept" }))).Body!.transformToString()).toBe("acknowledged before the crash");
    const parts = await after.send(new ListPartsCommand({ Bucket: BUCKET, Key: "mp", UploadId: uploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 1000]]);

    expect(files(join(s3Dir, "tmp"))).toEqual([]);
    expect(files(join(s3Dir, "objects"))).toHaveLength(1); // "kept" alone
    expect(readdirSync(join(s3Dir, "uploads"))).toEqual([uploadId]);
    expect(readdirSync(join(s3Dir, "uploads", uploadId))).toHaveLength(1); // part 1 alone
  }, 60_000);
});
