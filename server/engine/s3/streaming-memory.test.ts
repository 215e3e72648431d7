import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { Readable } from "node:stream";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnEngine, type ChildEngine } from "@/test/support/engine/spawn-engine";
import { makeDataDir, TEST_CREDENTIALS } from "@/test/support/engine/start-test-engine";

const SIZE = 300 * 1024 * 1024;
const MiB = 1024 * 1024;
let dataDir: string;
let engine: ChildEngine;
let s3: S3Client;

beforeAll(async () => {
  dataDir = makeDataDir();
  engine = await spawnEngine(dataDir);
  s3 = new S3Client({ endpoint: engine.url, region: "us-east-1", forcePathStyle: true, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: "big-bucket" }));
});
afterAll(async () => {
  s3?.destroy();
  await engine?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The process's resident set now and at its peak (VmHWM), from /proc: what the OS sees, not V8. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

/** Deterministic, incompressible-looking bytes, made on demand and hashed as they go out. */
function generated(total: number, md5: ReturnType<typeof createHash>): Readable {
  let sent = 0;
  const block = Buffer.alloc(MiB);
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(MiB, total - sent);
      for (let i = 0; i < n; i += 4) block.writeUInt32LE((sent + i) * 2654435761 >>> 0, i);
      const chunk = Buffer.from(block.subarray(0, n));
      sent += n;
      md5.update(chunk);
      this.push(chunk);
    },
  });
}

describe.skipIf(process.platform !== "linux")("streaming a 300 MB object", () => {
  it("uploads and downloads it with the engine's peak memory far below the object's size", async () => {
    const pid = engine.child.pid!;
    const atStart = memoryOf(pid);

    const sent = createHash("md5");
    const put = await s3.send(new PutObjectCommand({ Bucket: "big-bucket", Key: "model.tar.gz", Body: generated(SIZE, sent), ContentLength: SIZE }));
    const expectedEtag = `"${sent.digest("hex")}"`;
    expect(put.ETag).toBe(expectedEtag);
    const afterUpload = memoryOf(pid);

    const got = await s3.send(new GetObjectCommand({ Bucket: "big-bucket", Key: "model.tar.gz" }));
    expect(got.ContentLength).toBe(SIZE);
    const received = createHash("md5");
    let bytes = 0;
    for await (const chunk of got.Body as Readable) {
      received.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    expect(bytes).toBe(SIZE);
    expect(`"${received.digest("hex")}"`).toBe(expectedEtag);
    const afterDownload = memoryOf(pid);

    const report = (m: { rss: number; peak: number }) => `rss ${Math.round(m.rss / MiB)} MiB, peak ${Math.round(m.peak / MiB)} MiB`;
    console.log(`engine memory: at start ${report(atStart)}; after upload ${report(afterUpload)}; after download ${report(afterDownload)}`);
    // Holding the object would cost 300 MiB; streaming costs a few buffers on top of the baseline.
    expect(afterDownload.peak - atStart.peak).toBeLessThan(SIZE / 4);
    expect(afterDownload.peak).toBeLessThan((SIZE * 2) / 3);
  }, 90_000);
});
