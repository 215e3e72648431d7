import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CopyObjectCommand, CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand, DescribeEndpointCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { LOCAL_ENGINE_DEFAULTS } from "@/lib/local-engine-defaults";
import { defaultTritonImage } from "@/lib/triton-images";
import { spawnEngine, type ChildServer } from "./engine-process";
import { forEachConcurrent } from "./load-loops";

export const REGION = LOCAL_ENGINE_DEFAULTS.region;
export const CREDENTIALS = { accessKeyId: LOCAL_ENGINE_DEFAULTS.accessKeyId, secretAccessKey: LOCAL_ENGINE_DEFAULTS.secretAccessKey };
export const BUCKET = "bench-models";

export type BenchEngine = {
  server: ChildServer;
  url: string;
  dataDir: string;
  s3: S3Client;
  sm: SageMakerClient;
  close(): Promise<void>;
};

/**
 * An engine child process on a fresh temporary data dir, with the well-known local keys, quick
 * endpoint transitions and whatever else `env` sets (the cache's memory budget), plus SDK
 * clients for setting it up. Setup goes through the SDK; it is never timed.
 */
export async function startBenchEngine(env: Record<string, string> = {}): Promise<BenchEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), "mme-bench-"));
  const server = await spawnEngine(dataDir, {
    MME_ENGINE_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    MME_ENGINE_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    MME_ENGINE_REGION: REGION,
    MME_ENGINE_TRANSITION_MS: "0",
    ...env,
  }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const common = { endpoint: server.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 3 };
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  const sm = new SageMakerClient(common);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  return {
    server,
    url: server.url,
    dataDir,
    s3,
    sm,
    async close() {
      s3.destroy();
      sm.destroy();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A MultiModel endpoint with one instance over `s3://bench-models/<prefix>`, InService. */
export async function createMmeEndpoint(engine: BenchEngine, name: string, prefix: string): Promise<void> {
  const image = defaultTritonImage(REGION);
  if (!image) throw new Error(`no Triton image for ${REGION}`);
  await engine.sm.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: image, Mode: "MultiModel", ModelDataUrl: `s3://${BUCKET}/${prefix}` } }));
  await engine.sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [{ VariantName: "AllTraffic", ModelName: name, InstanceType: "ml.g5.xlarge", InitialInstanceCount: 1 }],
    }),
  );
  await engine.sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const d = await engine.sm.send(new DescribeEndpointCommand({ EndpointName: name }));
    if (d.EndpointStatus === "InService") return;
    if (d.EndpointStatus === "Failed") throw new Error(`endpoint ${name} failed: ${d.FailureReason}`);
    if (Date.now() > deadline) throw new Error(`endpoint ${name} still ${d.EndpointStatus}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function putPackage(engine: BenchEngine, key: string, bytes: Uint8Array): Promise<void> {
  await engine.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes, ContentType: "application/gzip" }));
}

/** Server-side copies (S3 CopyObject), `concurrency` at a time: fast registration of many models. */
export async function copyPackages(engine: BenchEngine, copies: { from: string; to: string }[], concurrency = 16): Promise<void> {
  await forEachConcurrent(copies.length, concurrency, async (i) => {
    const { from, to } = copies[i]!;
    await engine.s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: to, CopySource: `${BUCKET}/${from}` }));
  });
}
